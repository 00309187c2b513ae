// Who may call the API: users (a role at a jurisdiction), their bearer tokens and the
// web UI's sessions. Every change says who made it; an admin manages the users of its
// own subtree; anyone may see, revoke and rotate its own tokens. Tokens and session
// cookies are random, shown once, and stored only as sha256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../../definitions/language/schema.js';
import type { Clock } from '../clock.js';
import { EngineError } from '../errors.js';
import { isWithin } from '../core/tree.js';
import * as access from '../store/access.js';
import { countUsers } from '../store/api.js';
import type { Db } from '../store/db.js';
import { getJurisdiction, inTransaction } from '../store/store.js';
import { unstorable } from '../store/text.js';

/** Who acts: a signed-in user, or `system` (the command line on the database itself). */
export type Actor = { id: number; name: string; role: Role; jurisdictionCode: string } | 'system';

export type UserView = access.UserRecord & { tokens: access.TokenRecord[] };

/** A new random bearer token: 32 bytes, base64url, with a recognisable prefix. */
export function newToken(): string {
  return `ce_${randomBytes(32).toString('base64url')}`;
}

/** What the database stores of a token or a session cookie. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const actorName = (a: Actor) => (a === 'system' ? 'system:cli' : `${a.name}#${a.id}`);

/** How long a UI session lasts from sign-in. */
export const SESSION_HOURS = 12;

export type Authenticated = { user: { id: number; name: string; role: Role; jurisdictionCode: string }; tokenId: number; csrf?: string };

export class Users {
  readonly #db: Db;
  readonly #clock: Clock;
  /** Token id → when its last use was written (ms), so a busy token costs one write a minute. */
  readonly #touched = new Map<number, number>();

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** An admin acts on users within its subtree; the command line on all. */
  #assertManages(by: Actor, code: string, what: string): void {
    if (by === 'system') return;
    if (by.role !== 'admin') throw new EngineError('forbidden', `${what} needs an admin; you are a ${by.role}`);
    if (!isWithin(code, by.jurisdictionCode)) throw new EngineError('forbidden', `${what}: ${code} is outside your jurisdiction ${by.jurisdictionCode}`);
  }

  #expiry(expiresAt: string | null | undefined, path: string[]): string | null {
    if (expiresAt === undefined || expiresAt === null) return null;
    const ms = Date.parse(expiresAt);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(expiresAt) || Number.isNaN(ms))
      throw EngineError.invalid('bad expiry', [{ path, message: 'must be a date and time with its offset, e.g. 2027-01-01T00:00:00+08:00' }]);
    if (ms <= this.#clock.now().getTime()) throw EngineError.invalid('expiry in the past', [{ path, message: `must be in the future (it is ${this.#clock.now().toISOString()} now)` }]);
    return new Date(ms).toISOString();
  }

  #label(label: string | undefined): string {
    const l = (label ?? '').trim();
    if (l.length > 100 || unstorable(l) !== undefined) throw EngineError.invalid('bad label', [{ path: ['label'], message: 'must be at most 100 characters of storable text' }]);
    return l;
  }

  /** Create a user and its first token (returned once). `token` lets the demo pass its derived tokens. */
  async create(
    by: Actor,
    input: { name: string; role: string; jurisdictionCode: string; token?: string; label?: string; expiresAt?: string | null },
  ): Promise<{ user: access.UserRecord; token: string; tokenRecord: access.TokenRecord }> {
    const name = input.name.trim();
    if (!name || name.length > 100) throw EngineError.invalid('bad name', [{ path: ['name'], message: 'must be 1 to 100 characters' }]);
    if (unstorable(name) !== undefined) throw EngineError.invalid('bad name', [{ path: ['name'], message: 'must not contain the NUL character or an unpaired UTF-16 surrogate' }]);
    if (!isRole(input.role)) throw EngineError.invalid('bad role', [{ path: ['role'], message: `must be one of ${ROLES.map((r) => `"${r}"`).join(', ')}` }]);
    this.#assertManages(by, input.jurisdictionCode, 'creating a user');
    const expiresAt = this.#expiry(input.expiresAt, ['expiresAt']);
    const label = this.#label(input.label ?? 'first token');
    if (!(await getJurisdiction(this.#db, input.jurisdictionCode)))
      throw new EngineError('not_found', `no jurisdiction "${input.jurisdictionCode}"; import it first (campaign jurisdictions import)`);
    const token = input.token ?? newToken();
    return inTransaction(this.#db, async (tx) => {
      const user = await access.insertUser(tx, { name, role: input.role, jurisdictionCode: input.jurisdictionCode, createdBy: actorName(by) });
      const tokenRecord = await access.insertToken(tx, { userId: user.id, hash: hashToken(token), label, createdBy: actorName(by), expiresAt });
      return { user, token, tokenRecord };
    });
  }

  async #user(id: number): Promise<access.UserRecord> {
    const user = await access.getUser(this.#db, id);
    if (!user) throw new EngineError('not_found', `no user ${id}`);
    return user;
  }

  /** How many users there are (none: a fresh database). */
  async count(): Promise<number> {
    return countUsers(this.#db);
  }

  /** The users an admin manages (its subtree), or only oneself for anyone else, each with its tokens. */
  async list(by: Actor): Promise<UserView[]> {
    const users =
      by === 'system' ? await access.listUsersWithin(this.#db, null) : by.role === 'admin' ? await access.listUsersWithin(this.#db, by.jurisdictionCode) : [await this.#user(by.id)];
    return Promise.all(users.map(async (u) => ({ ...u, tokens: await access.listTokens(this.#db, u.id) })));
  }

  async get(by: Actor, id: number): Promise<UserView> {
    const user = await this.#user(id);
    if (by === 'system' || by.id !== id) this.#assertManages(by, user.jurisdictionCode, `reading user ${id}`);
    return { ...user, tokens: await access.listTokens(this.#db, id) };
  }

  /** Disable (every token and session stops at once) or enable a user again. */
  async setDisabled(by: Actor, id: number, disabled: boolean): Promise<UserView> {
    const user = await this.#user(id);
    this.#assertManages(by, user.jurisdictionCode, disabled ? 'disabling a user' : 'enabling a user');
    if (disabled && by !== 'system' && by.id === id) throw new EngineError('conflict', 'you cannot disable yourself; ask another admin of your jurisdiction or above');
    await access.setUserDisabled(this.#db, id, disabled ? actorName(by) : null);
    return this.get(by, id);
  }

  /** A new token for a user (returned once): the user itself, or an admin above it. */
  async issueToken(by: Actor, userId: number, input: { label?: string; expiresAt?: string | null } = {}): Promise<{ token: string; tokenRecord: access.TokenRecord }> {
    const user = await this.#user(userId);
    if (by === 'system' || by.id !== userId) this.#assertManages(by, user.jurisdictionCode, `issuing a token for user ${userId}`);
    if (user.disabledAt) throw new EngineError('conflict', `user ${userId} is disabled (since ${user.disabledAt}); enable it first`);
    const expiresAt = this.#expiry(input.expiresAt, ['expiresAt']);
    const token = newToken();
    const tokenRecord = await access.insertToken(this.#db, { userId, hash: hashToken(token), label: this.#label(input.label), createdBy: actorName(by), expiresAt });
    return { token, tokenRecord };
  }

  async #tokenOf(by: Actor, tokenId: number, what: string): Promise<access.TokenRecord> {
    const token = await access.getToken(this.#db, tokenId);
    if (!token) throw new EngineError('not_found', `no token ${tokenId}`);
    if (by !== 'system' && by.id !== token.userId) this.#assertManages(by, (await this.#user(token.userId)).jurisdictionCode, `${what} token ${tokenId}`);
    return token;
  }

  /** Revoke a token: it and the sessions signed in with it stop at once. */
  async revokeToken(by: Actor, tokenId: number): Promise<access.TokenRecord> {
    const token = await this.#tokenOf(by, tokenId, 'revoking');
    if (token.revokedAt) throw new EngineError('conflict', `token ${tokenId} was revoked at ${token.revokedAt} by ${token.revokedBy ?? 'someone'}`);
    await access.revokeToken(this.#db, tokenId, actorName(by));
    return (await access.getToken(this.#db, tokenId))!;
  }

  /** Replace a token: a new one (returned once) with the same label, the old one revoked, in one transaction. */
  async rotateToken(by: Actor, tokenId: number, input: { expiresAt?: string | null } = {}): Promise<{ token: string; tokenRecord: access.TokenRecord; revoked: access.TokenRecord }> {
    const old = await this.#tokenOf(by, tokenId, 'rotating');
    if (old.revokedAt) throw new EngineError('conflict', `token ${tokenId} was revoked at ${old.revokedAt}; issue a new one instead`);
    const expiresAt = this.#expiry(input.expiresAt, ['expiresAt']);
    const token = newToken();
    return inTransaction(this.#db, async (tx) => {
      const tokenRecord = await access.insertToken(tx, { userId: old.userId, hash: hashToken(token), label: old.label, createdBy: actorName(by), expiresAt });
      await access.revokeToken(tx, tokenId, actorName(by));
      return { token, tokenRecord, revoked: (await access.getToken(tx, tokenId))! };
    });
  }

  /** Why a credential may not be used, or null when it may. */
  #refusal(c: access.Credential): string | null {
    const now = this.#clock.now().toISOString();
    if (c.user.disabledAt) return `the user was disabled at ${c.user.disabledAt}`;
    if (c.token.revokedAt) return `the token was revoked at ${c.token.revokedAt}`;
    if (c.token.expiresAt && c.token.expiresAt <= now) return `the token expired at ${c.token.expiresAt}`;
    if (c.sessionExpiresAt && c.sessionExpiresAt <= now) return `the session ended at ${c.sessionExpiresAt}; sign in again`;
    // Roles are checked when a user is made; a row written some other way is refused here.
    const role: string = c.user.role;
    if (!isRole(role)) return `the user has an unknown role "${role}"`;
    return null;
  }

  async #accept(c: access.Credential | undefined, unknown: string): Promise<Authenticated | { refused: string }> {
    if (!c) return { refused: unknown };
    const why = this.#refusal(c);
    if (why) return { refused: why };
    const now = this.#clock.now().getTime();
    if ((this.#touched.get(c.token.id) ?? 0) < now - 60_000) {
      this.#touched.set(c.token.id, now);
      if (this.#touched.size > 10_000) this.#touched.clear();
      await access.touchToken(this.#db, c.token.id);
    }
    const user = { id: c.user.id, name: c.user.name, role: c.user.role, jurisdictionCode: c.user.jurisdictionCode };
    return { user, tokenId: c.token.id, ...(c.csrf ? { csrf: c.csrf } : {}) };
  }

  /** A bearer token → its user, or why not. */
  async authenticateToken(token: string): Promise<Authenticated | { refused: string }> {
    return this.#accept(await access.findByTokenHash(this.#db, hashToken(token)), 'the token is not valid');
  }

  /** Exchange a token for a session: the cookie value and the CSRF token (each returned once). */
  async startSession(token: string): Promise<{ cookie: string; csrf: string; expiresAt: string; user: Authenticated['user'] } | { refused: string }> {
    const who = await this.authenticateToken(token);
    if ('refused' in who) return who;
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.#clock.now().getTime() + SESSION_HOURS * 3600_000).toISOString();
    await access.insertSession(this.#db, { hash: hashToken(cookie), tokenId: who.tokenId, csrf, expiresAt });
    await access.purgeSessions(this.#db, this.#clock.now().toISOString());
    return { cookie, csrf, expiresAt, user: who.user };
  }

  async authenticateSession(cookie: string): Promise<Authenticated | { refused: string }> {
    return this.#accept(await access.findBySessionHash(this.#db, hashToken(cookie)), 'the session is not valid (signed out, or the server forgot it); sign in again');
  }

  async endSession(cookie: string): Promise<void> {
    await access.deleteSession(this.#db, hashToken(cookie));
  }
}
