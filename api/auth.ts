// Who is calling and what they may do: bearer tokens (stored as sha256 hashes) bound
// to a user with a role at a jurisdiction, and the scope rules every route applies.
import type { MiddlewareHandler } from 'hono';
import { DEFAULT_PERMISSIONS, isEventType, SYSTEM_EVENTS } from '../definitions/language/events.js';
import type { CampaignDefinition, Role, Text } from '../definitions/language/schema.js';
import { EVENT_TITLES, ROLE_TITLES } from '../definitions/vocabulary.js';
import { isWithin, type Engine } from '../engine/index.js';
import { ApiError } from './problem.js';

/** The caller, as routes see it. */
export type ApiUser = { id: number; name: string; role: Role; jurisdictionCode: string };

/** Hono environment of the API: the authenticated user. */
export type ApiEnv = { Variables: { user: ApiUser; session?: string } };

/** The session cookie of the web UI (HttpOnly, SameSite=Strict, Secure on HTTPS). */
export const SESSION_COOKIE = 'ce_session';
/** The header the web UI sends its CSRF token in, with every state change made through its session. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie of the request, if sent. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `Authorization: Bearer <token>`, or the web UI's session cookie, → the user in
 * `c.var.user`, or a 401 problem saying why (unknown, revoked, expired, disabled). A
 * state change through a session must carry the session's CSRF token.
 */
export function authenticate(users: Engine['users']): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const challenge = { 'www-authenticate': 'Bearer realm="campaign-engine"' };
    const cookie = header === undefined ? cookieOf(c.req.header('cookie'), SESSION_COOKIE) : undefined;
    if (header === undefined && cookie === undefined)
      throw new ApiError('unauthorized', 'no Authorization header; send "Authorization: Bearer <token>" (or sign in to the web UI)', {}, challenge);
    let who;
    if (cookie !== undefined) who = await users.authenticateSession(cookie);
    else {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header!);
      if (!match) throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <token>"', {}, challenge);
      who = await users.authenticateToken(match[1]!);
    }
    if ('refused' in who) throw new ApiError('unauthorized', who.refused, {}, challenge);
    if (cookie !== undefined && !SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== who.csrf)
      throw new ApiError('forbidden', `a change made through the web UI's session needs its CSRF token in the ${CSRF_HEADER} header`);
    c.set('user', who.user);
    if (cookie !== undefined) c.set('session', cookie);
    // Answers for a signed-in caller are its own: no cache keeps them.
    c.header('cache-control', 'no-store');
    await next();
  };
}

/** The actor recorded with an event or launch: the user's name and id. */
export const actorOf = (user: ApiUser) => `${user.name}#${user.id}`;

/** May the user read data of this jurisdiction? Its own subtree only. */
export function canRead(user: ApiUser, code: string): boolean {
  return isWithin(code, user.jurisdictionCode);
}

export function assertReadable(user: ApiUser, code: string, what: string): void {
  if (!canRead(user, code)) throw new ApiError('forbidden', `${what} at ${code} is outside your jurisdiction ${user.jurisdictionCode}`);
}

/** May the user see this jurisdiction's name in the tree? Its subtree and its own ancestors (breadcrumbs). */
export function canSeeJurisdiction(user: ApiUser, code: string): boolean {
  return canRead(user, code) || isWithin(user.jurisdictionCode, code);
}

/** Roles that may send each event type under a definition: its `permissions` over the defaults. */
export function permittedRoles(def: CampaignDefinition, type: string): readonly Role[] {
  if (!isEventType(type) || SYSTEM_EVENTS.has(type)) return [];
  return def.permissions[type] ?? DEFAULT_PERMISSIONS[type];
}

/**
 * Why the user may not send `type` to the instance at `code`, or null when it may:
 * the role must be permitted by the definition; an official acts on its own
 * jurisdiction's instance, an inspector on those strictly below it, an admin
 * anywhere in its subtree; a viewer never writes.
 */
/** Why a user may not send an event somewhere: a stable code, the roles that may (when that is why), words in both languages. */
export type SendRefusal = { code: string; message: Text; roles?: readonly Role[] };

export function sendRefusal(user: ApiUser, def: CampaignDefinition, type: string, code: string): SendRefusal | null {
  const scope = user.jurisdictionCode;
  if (user.role === 'viewer') return { code: 'viewer-reads-only', message: { zh: '观察员只能查看，不能发送事件', en: 'a viewer only reads' } };
  if (!isWithin(code, scope)) return { code: 'outside-jurisdiction', message: { zh: `${code} 不在您的辖区 ${scope} 内`, en: `${code} is outside your jurisdiction ${scope}` } };
  const roles = permittedRoles(def, type);
  if (!roles.includes(user.role)) {
    const event = EVENT_TITLES[type] ?? { zh: type, en: type };
    return {
      code: 'role-not-permitted',
      roles,
      message: {
        zh: `「${event.zh}」${roles.length ? `由${roles.map((r) => ROLE_TITLES[r].zh).join('或')}发送` : '只由系统发送'}，${ROLE_TITLES[user.role].zh}不能发送`,
        en: `${type} is sent by ${roles.length ? roles.map(aRole).join(' or ') : 'the engine only'}, not by ${aRole(user.role)}`,
      },
    };
  }
  if (user.role === 'official' && code !== scope)
    return { code: 'official-own-only', message: { zh: `工作人员只能办理本辖区 ${scope} 的事项`, en: `an official acts on the instance of its own jurisdiction ${scope} only` } };
  if (user.role === 'inspector' && code === scope)
    return { code: 'inspector-below-only', message: { zh: `督查员办理 ${scope} 以下辖区的事项，不办理本级`, en: `an inspector acts on the jurisdictions below ${scope}, not on its own` } };
  return null;
}

/** The event types the user may send to the instance at `code` (whatever the state accepts). */
export function sendableTypes(user: ApiUser, def: CampaignDefinition, types: readonly string[], code: string): string[] {
  return types.filter((t) => sendRefusal(user, def, t, code) === null);
}

/** `an admin`, `a viewer`. */
const aRole = (role: string) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;

/** Only these roles: a 403 otherwise. */
export function requireRole(user: ApiUser, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) throw new ApiError('forbidden', `${action} needs ${roles.map(aRole).join(' or ')}; you are ${aRole(user.role)}`);
}
