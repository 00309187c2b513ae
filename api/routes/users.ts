// /api/users and /api/tokens: create users, disable and enable them, issue, revoke
// and rotate their tokens; /api/session: the web UI's sign-in, which exchanges a token
// for an HttpOnly session cookie and a CSRF token. An admin manages the users of its
// subtree; everyone sees, revokes and rotates its own tokens.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor } from '../../engine/index.js';
import { CSRF_HEADER, SESSION_COOKIE, type ApiEnv, type ApiUser } from '../auth.js';
import { idempotencyKey, once } from '../idempotency.js';
import { ApiError } from '../problem.js';
import { Code, DateTime, errors, IdParam, readErrors, RoleSchema } from '../schemas.js';
import { router, type Deps } from '../router.js';

const tags = ['users'];
const Id = z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }) });
const Expiry = z.string().max(40).nullable().optional().openapi({ description: 'When the token stops working (ISO 8601 with offset); none: until revoked.', example: '2027-01-01T00:00:00+08:00' });
const Label = z.string().max(100).optional().openapi({ description: 'What the token is for, e.g. "reporting script".' });
const keyHeader = z.object({ 'idempotency-key': z.string().optional() });

export const TokenSchema = z
  .object({
    id: z.number().int(),
    userId: z.number().int(),
    label: z.string(),
    createdAt: DateTime,
    createdBy: z.string().nullable(),
    expiresAt: DateTime.nullable(),
    revokedAt: DateTime.nullable(),
    revokedBy: z.string().nullable(),
    lastUsedAt: DateTime.nullable().openapi({ description: 'Recorded at most once a minute.' }),
  })
  .openapi('Token');

export const UserSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: RoleSchema,
    jurisdictionCode: z.string(),
    createdAt: DateTime,
    createdBy: z.string().nullable(),
    disabledAt: DateTime.nullable(),
    disabledBy: z.string().nullable(),
    tokens: z.array(TokenSchema),
  })
  .openapi('User');

const Issued = z
  .object({
    token: z.string().nullable().openapi({ description: 'The bearer token, shown this once (null when an Idempotency-Key replays the answer: it is not kept).' }),
    tokenRecord: TokenSchema,
  })
  .openapi('IssuedToken');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const list = createRoute({ method: 'get', path: '/users', tags, summary: 'Users you manage (an admin: its subtree; anyone else: itself), with their tokens', operationId: 'listUsers', description: 'An admin sees the users of its subtree, anyone else only itself; each with its tokens (never the tokens themselves, only their labels, expiry and last use).', responses: { 200: json(z.object({ items: z.array(UserSchema) }), 'Users'), ...readErrors } });
const get = createRoute({ method: 'get', path: '/users/{id}', tags, summary: 'One user with its tokens', operationId: 'getUser', description: 'One user with its tokens: the user itself, or an admin above its jurisdiction.', request: { params: Id }, responses: { 200: json(UserSchema, 'The user'), ...readErrors } });
const create = createRoute({
  method: 'post',
  path: '/users',
  tags,
  summary: 'Create a user with its first token (admin, within its subtree)',
  operationId: 'createUser',
  description: 'An admin creates a user at a jurisdiction within its own subtree, with a first token that is returned in this answer only (the database keeps its hash). With `Idempotency-Key`, a retry gets the user again but never the token.',
  request: {
    headers: keyHeader,
    body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1).max(100), role: RoleSchema, jurisdictionCode: Code, label: Label, expiresAt: Expiry }).strict() } }, required: true },
  },
  responses: { 201: json(z.object({ user: UserSchema, token: z.string().nullable(), tokenRecord: TokenSchema }), 'Created; the token is shown this once'), ...errors },
});
const disable = createRoute({ method: 'post', path: '/users/{id}/disable', tags, summary: 'Disable a user: its tokens and sessions stop at once (admin)', operationId: 'disableUser', description: 'Every token and session of the user stops at once; the user and its history stay. An admin cannot disable itself.', request: { params: Id }, responses: { 200: json(UserSchema, 'Disabled'), ...errors } });
const enable = createRoute({ method: 'post', path: '/users/{id}/enable', tags, summary: 'Enable a disabled user again (admin)', operationId: 'enableUser', description: 'Lets a disabled user sign in again with its tokens that are neither revoked nor expired.', request: { params: Id }, responses: { 200: json(UserSchema, 'Enabled'), ...errors } });
const issue = createRoute({
  method: 'post',
  path: '/users/{id}/tokens',
  tags,
  summary: 'Issue another token for a user (the user itself, or an admin above it)',
  operationId: 'issueToken',
  description: 'A new bearer token for the user, with a label and an optional expiry, returned in this answer only.',
  request: { params: Id, headers: keyHeader, body: { content: { 'application/json': { schema: z.object({ label: Label, expiresAt: Expiry }).strict() } }, required: true } },
  responses: { 201: json(Issued, 'Issued; the token is shown this once'), ...errors },
});
const revoke = createRoute({ method: 'post', path: '/tokens/{id}/revoke', tags, summary: 'Revoke a token; its sessions end too', operationId: 'revokeToken', description: 'The token stops at once, and so do the web UI sessions signed in with it.', request: { params: Id }, responses: { 200: json(TokenSchema, 'Revoked'), ...errors } });
const rotate = createRoute({
  method: 'post',
  path: '/tokens/{id}/rotate',
  tags,
  summary: 'Replace a token: a new one with the same label, the old one revoked',
  operationId: 'rotateToken',
  description: 'In one transaction: a new token with the same label (returned in this answer only) and the old one revoked.',
  request: { params: Id, headers: keyHeader, body: { content: { 'application/json': { schema: z.object({ expiresAt: Expiry }).strict() } }, required: true } },
  responses: { 201: json(Issued.extend({ revoked: TokenSchema }), 'The new token, shown this once'), ...errors },
});

const SessionSchema = z
  .object({
    user: z.object({ id: z.number().int(), name: z.string(), role: RoleSchema, jurisdictionCode: z.string() }),
    csrfToken: z.string().openapi({ description: `Send it in the ${CSRF_HEADER} header with every state change made through the session.` }),
    expiresAt: DateTime.optional(),
  })
  .openapi('Session');
const signIn = createRoute({
  method: 'post',
  path: '/session',
  tags: ['session'],
  summary: 'Sign the web UI in: exchange a token for a session cookie (HttpOnly, SameSite=Strict, Secure on HTTPS)',
  operationId: 'signIn',
  description: 'The web UI signs in with a token and gets a session cookie; the answer carries the CSRF token that every state change made through the session must send back.',
  security: [],
  request: { body: { content: { 'application/json': { schema: z.object({ token: z.string().min(1).max(200) }).strict() } }, required: true } },
  responses: { 201: json(SessionSchema, 'Signed in; the cookie is set'), 400: errors[400], 401: errors[401], 422: errors[422], 429: errors[429] },
});
const session = createRoute({ method: 'get', path: '/session', tags: ['session'], summary: 'The session of the cookie, with its CSRF token', operationId: 'getSession', description: 'The session of the cookie sent: its user, its CSRF token and when it ends.', responses: { 200: json(SessionSchema, 'The session'), 401: errors[401], 429: errors[429] } });
const signOut = createRoute({ method: 'delete', path: '/session', tags: ['session'], summary: 'Sign out: the session ends and the cookie is cleared', operationId: 'signOut', description: 'Ends the session of the cookie sent and clears the cookie; the token it was opened with stays valid.', responses: { 204: { description: 'Signed out' }, 401: errors[401], 403: errors[403], 429: errors[429] } });

const actor = (u: ApiUser): Actor => u;

/** Is the request on HTTPS (directly, or at a proxy trusted to say so)? */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim() === 'https';
}

function sessionCookie(value: string, secure: boolean, maxAge: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/** The sign-in route, public (before authentication). */
export function sessionRoutes(deps: Deps) {
  return router().openapi(signIn, async (c) => {
    const started = await deps.engine.users.startSession(c.req.valid('json').token);
    if ('refused' in started) throw new ApiError('unauthorized', started.refused);
    const maxAge = Math.round((Date.parse(started.expiresAt) - deps.clock.now().getTime()) / 1000);
    c.header('set-cookie', sessionCookie(started.cookie, isHttps(c, deps.trustProxy), maxAge));
    return c.json({ user: started.user, csrfToken: started.csrf, expiresAt: started.expiresAt }, 201);
  });
}

/** Routes of the signed-in caller's session, and the users routes. */
export function userRoutes(deps: Deps) {
  const users = deps.engine.users;
  const records = deps.engine.requests;
  // A replayed answer never carries the token again: only its hash is kept anywhere.
  const withoutToken = <T extends { token: string | null }>(body: T): T => ({ ...body, token: null });
  return router()
    .openapi(session, async (c) => {
      const cookie = c.var.session;
      if (cookie === undefined) throw new ApiError('unauthorized', 'no session cookie: this route is for the web UI; bearer tokens need no session');
      const who = await users.authenticateSession(cookie);
      if ('refused' in who) throw new ApiError('unauthorized', who.refused);
      return c.json({ user: who.user, csrfToken: who.csrf ?? '' }, 200);
    })
    .openapi(signOut, async (c) => {
      if (c.var.session !== undefined) await users.endSession(c.var.session);
      c.header('set-cookie', sessionCookie('', isHttps(c, deps.trustProxy), 0));
      return c.body(null, 204);
    })
    .openapi(list, async (c) => c.json({ items: await users.list(actor(c.var.user)) }, 200))
    .openapi(get, async (c) => c.json(await users.get(actor(c.var.user), c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const done = await once(records, { scope: `user:${c.var.user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: '/users', body } }, async () => {
        const r = await users.create(actor(c.var.user), body);
        return { status: 201, body: { user: { ...r.user, tokens: [r.tokenRecord] }, token: r.token, tokenRecord: r.tokenRecord } };
      }, undefined, withoutToken);
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, 201);
    })
    .openapi(disable, async (c) => c.json(await users.setDisabled(actor(c.var.user), c.req.valid('param').id, true), 200))
    .openapi(enable, async (c) => c.json(await users.setDisabled(actor(c.var.user), c.req.valid('param').id, false), 200))
    .openapi(issue, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const done = await once(records, { scope: `user:${c.var.user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: `/users/${id}/tokens`, body } }, async () => {
        const r = await users.issueToken(actor(c.var.user), id, body);
        return { status: 201, body: { token: r.token, tokenRecord: r.tokenRecord } };
      }, undefined, withoutToken);
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, 201);
    })
    .openapi(revoke, async (c) => c.json(await users.revokeToken(actor(c.var.user), c.req.valid('param').id), 200))
    .openapi(rotate, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const done = await once(records, { scope: `user:${c.var.user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: `/tokens/${id}/rotate`, body } }, async () => {
        const r = await users.rotateToken(actor(c.var.user), id, body);
        return { status: 201, body: { token: r.token, tokenRecord: r.tokenRecord, revoked: r.revoked } };
      }, undefined, withoutToken);
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, 201);
    });
}

export type { ApiEnv };
