// Users, their tokens and the web UI's sessions: the SQL of who may call the API.
// Tokens and session cookies are stored only as sha256 hashes.
import { sql } from 'drizzle-orm';
import type { Role } from '../../definitions/language/schema.js';
import { subtreePattern } from '../core/tree.js';
import { isoTime, query, type Db } from './db.js';

const num = (v: unknown): number => Number(v);

export type UserRecord = { id: number; name: string; role: Role; jurisdictionCode: string; createdAt: string; createdBy: string | null; disabledAt: string | null; disabledBy: string | null };
export type TokenRecord = {
  id: number;
  userId: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
};

/** A timestamptz column as ISO 8601 text in UTC, as raw SQL text (the same as db.ts isoTime). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const USER_COLUMNS = sql.raw(`u.id, u.name, u.role, u.jurisdiction_code, u.created_by, ${iso('u.created_at')} as created_at, ${iso('u.disabled_at')} as disabled_at, u.disabled_by`);
type UserDbRow = { id: unknown; name: string; role: string; jurisdiction_code: string; created_by: string | null; created_at: string; disabled_at: string | null; disabled_by: string | null };
const toUser = (r: UserDbRow): UserRecord => ({
  id: num(r.id),
  name: r.name,
  role: r.role as Role,
  jurisdictionCode: r.jurisdiction_code,
  createdAt: r.created_at,
  createdBy: r.created_by,
  disabledAt: r.disabled_at,
  disabledBy: r.disabled_by,
});

const TOKEN_COLUMNS = sql.raw(
  ['t.id', 't.user_id', 't.label', 't.created_by', 't.revoked_by'].concat(['created_at', 'expires_at', 'revoked_at', 'last_used_at'].map((c) => `${iso(`t.${c}`)} as ${c}`)).join(', '),
);
type TokenDbRow = { id: unknown; user_id: unknown; label: string; created_by: string | null; revoked_by: string | null; created_at: string; expires_at: string | null; revoked_at: string | null; last_used_at: string | null };
const toToken = (r: TokenDbRow): TokenRecord => ({
  id: num(r.id),
  userId: num(r.user_id),
  label: r.label,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  lastUsedAt: r.last_used_at,
});

export async function insertUser(db: Db, u: { name: string; role: string; jurisdictionCode: string; createdBy: string | null }): Promise<UserRecord> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`insert into users (name, role, jurisdiction_code, created_by) values (${u.name}, ${u.role}, ${u.jurisdictionCode}, ${u.createdBy}) returning id`,
  );
  return (await getUser(db, num(rows[0]!.id)))!;
}

export async function getUser(db: Db, id: number): Promise<UserRecord | undefined> {
  const rows = await query<UserDbRow>(db, sql`select ${USER_COLUMNS} from users u where u.id = ${id}`);
  return rows[0] && toUser(rows[0]);
}

/** Users at or below a jurisdiction, by id. */
export async function listUsersWithin(db: Db, within: string | null): Promise<UserRecord[]> {
  const where = within === null ? sql`true` : sql`u.jurisdiction_code like ${subtreePattern(within)}`;
  const rows = await query<UserDbRow>(db, sql`select ${USER_COLUMNS} from users u where ${where} order by u.id`);
  return rows.map(toUser);
}

export async function setUserDisabled(db: Db, id: number, by: string | null): Promise<void> {
  await db.execute(
    by === null
      ? sql`update users set disabled_at = null, disabled_by = null where id = ${id}`
      : sql`update users set disabled_at = coalesce(disabled_at, now()), disabled_by = coalesce(disabled_by, ${by}) where id = ${id}`,
  );
}

export async function insertToken(db: Db, t: { userId: number; hash: string; label: string; createdBy: string | null; expiresAt: string | null }): Promise<TokenRecord> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`insert into tokens (user_id, hash, label, created_by, expires_at) values (${t.userId}, ${t.hash}, ${t.label}, ${t.createdBy}, ${t.expiresAt}::timestamptz) returning id`,
  );
  return (await getToken(db, num(rows[0]!.id)))!;
}

export async function getToken(db: Db, id: number): Promise<TokenRecord | undefined> {
  const rows = await query<TokenDbRow>(db, sql`select ${TOKEN_COLUMNS} from tokens t where t.id = ${id}`);
  return rows[0] && toToken(rows[0]);
}

export async function listTokens(db: Db, userId: number): Promise<TokenRecord[]> {
  const rows = await query<TokenDbRow>(db, sql`select ${TOKEN_COLUMNS} from tokens t where t.user_id = ${userId} order by t.id`);
  return rows.map(toToken);
}

/** Revoke a token (and end its sessions); true when it was live until now. */
export async function revokeToken(db: Db, id: number, by: string): Promise<boolean> {
  const rows = await query<{ id: unknown }>(db, sql`update tokens set revoked_at = now(), revoked_by = ${by} where id = ${id} and revoked_at is null returning id`);
  await db.execute(sql`delete from sessions where token_id = ${id}`);
  return rows.length === 1;
}

/** Record a token's use, at most once a minute (a write per request would be one too many). */
export async function touchToken(db: Db, id: number): Promise<void> {
  await db.execute(sql`update tokens set last_used_at = now() where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
}

/** A credential (token or session) with its user, and why it may no longer be used. */
export type Credential = { user: UserRecord; token: TokenRecord; now: string; csrf?: string; sessionExpiresAt?: string };

export async function findByTokenHash(db: Db, hash: string): Promise<Credential | undefined> {
  const rows = await query<UserDbRow & { token: TokenDbRow; now: string }>(
    db,
    sql`select ${USER_COLUMNS}, (select row_to_json(x) from (select ${TOKEN_COLUMNS}) x) as token, ${isoTime('now()')} as now
        from tokens t join users u on u.id = t.user_id where t.hash = ${hash}`,
  );
  const r = rows[0];
  return r && { user: toUser(r), token: toToken(r.token), now: r.now };
}

export async function insertSession(db: Db, s: { hash: string; tokenId: number; csrf: string; expiresAt: string }): Promise<void> {
  await db.execute(sql`insert into sessions (hash, token_id, csrf, expires_at) values (${s.hash}, ${s.tokenId}, ${s.csrf}, ${s.expiresAt}::timestamptz)`);
}

export async function findBySessionHash(db: Db, hash: string): Promise<Credential | undefined> {
  const rows = await query<UserDbRow & { token: TokenDbRow; now: string; csrf: string; session_expires_at: string }>(
    db,
    sql`select ${USER_COLUMNS}, (select row_to_json(x) from (select ${TOKEN_COLUMNS}) x) as token, ${isoTime('now()')} as now,
               s.csrf, ${isoTime('s.expires_at')} as session_expires_at
        from sessions s join tokens t on t.id = s.token_id join users u on u.id = t.user_id where s.hash = ${hash}`,
  );
  const r = rows[0];
  return r && { user: toUser(r), token: toToken(r.token), now: r.now, csrf: r.csrf, sessionExpiresAt: r.session_expires_at };
}

export async function deleteSession(db: Db, hash: string): Promise<void> {
  await db.execute(sql`delete from sessions where hash = ${hash}`);
}

/** Forget sessions that ended; returns how many. */
export async function purgeSessions(db: Db, now: string): Promise<number> {
  const rows = await query<{ hash: string }>(db, sql`delete from sessions where expires_at < ${now}::timestamptz returning hash`);
  return rows.length;
}
