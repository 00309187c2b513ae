// Users of the HTTP API and their bearer tokens: a user has a role at a jurisdiction;
// a token is shown once when it is made and stored only as its sha256 hash.
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../../definitions/language/schema.js';
import { EngineError } from '../errors.js';
import * as apiStore from '../store/api.js';
import type { Db } from '../store/db.js';
import { getJurisdiction } from '../store/store.js';
import { findUnstorable } from '../store/text.js';

/** A user as the rest of the program sees it. */
export type User = { id: number; name: string; role: Role; jurisdictionCode: string; createdAt: string };

export type NewUser = {
  name: string;
  role: string;
  jurisdictionCode: string;
  /** A token chosen by the caller (the demo derives its own); default a new random one. */
  token?: string;
};

/** A new random bearer token: 32 bytes, base64url, with a recognisable prefix. */
export function newToken(): string {
  return `ce_${randomBytes(32).toString('base64url')}`;
}

/** What the users table stores of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

const toUser = (row: apiStore.UserRow): User | undefined =>
  isRole(row.role) ? { id: row.id, name: row.name, role: row.role, jurisdictionCode: row.jurisdictionCode, createdAt: row.createdAt } : undefined;

export class Users {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Create a user with a token, returning the token (shown once; only its hash is
   * stored). The jurisdiction must be imported.
   */
  async create(input: NewUser): Promise<{ user: User; token: string }> {
    const name = input.name.trim();
    if (!name || name.length > 100) throw EngineError.invalid('bad name', [{ path: ['name'], message: 'must be 1 to 100 characters' }]);
    const bad = findUnstorable(name, ['name']);
    if (bad) throw EngineError.invalid('bad name', [bad]);
    if (!isRole(input.role)) throw EngineError.invalid('bad role', [{ path: ['role'], message: `must be one of ${ROLES.map((r) => `"${r}"`).join(', ')}` }]);
    if (!(await getJurisdiction(this.#db, input.jurisdictionCode)))
      throw new EngineError('not_found', `no jurisdiction "${input.jurisdictionCode}"; import it first (campaign jurisdictions import)`);
    const token = input.token ?? newToken();
    const row = await apiStore.insertUser(this.#db, { name, role: input.role, jurisdictionCode: input.jurisdictionCode, tokenHash: hashToken(token) });
    return { user: { ...row, role: input.role }, token };
  }

  /** The user a bearer token belongs to, or undefined. */
  async byToken(token: string): Promise<User | undefined> {
    const row = await apiStore.findUserByTokenHash(this.#db, hashToken(token));
    return row && toUser(row);
  }

  async list(): Promise<User[]> {
    return (await apiStore.listUsers(this.#db)).flatMap((r) => toUser(r) ?? []);
  }

  async count(): Promise<number> {
    return apiStore.countUsers(this.#db);
  }
}
