// Users and tokens through the API: create within one's subtree, disable, revoke,
// rotate, expire, last use; and the web UI's session cookie with its CSRF token.
import { beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.js';
import { OTHER_COUNTY, problemOf, setupFixture, tokenOf, type Fixture } from './fixture.js';

type Token = { id: number; userId: number; revokedAt: string | null; expiresAt: string | null; lastUsedAt: string | null };
type User = { id: number; name: string; disabledAt: string | null; tokens: Token[] };

forEachDatabase('api users and tokens', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });
  const as = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    f.app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  let created: { user: User; token: string };
  it('lets an admin create a user within its subtree (token shown once), and not outside it', async () => {
    const res = await f.call('admin@county', 'POST', '/api/users', { body: { name: '孝义市新用户', role: 'official', jurisdictionCode: '141181100' } });
    expect(res.status).toBe(201);
    created = (await res.json()) as typeof created;
    expect(created.token).toMatch(/^ce_/);
    expect((await as(created.token, 'GET', '/api/me')).status).toBe(200);
    const outside = await problemOf(await f.call('admin@county', 'POST', '/api/users', { body: { name: 'x', role: 'admin', jurisdictionCode: OTHER_COUNTY } }));
    expect(outside).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await problemOf(await f.call('official@county', 'POST', '/api/users', { body: { name: 'x', role: 'viewer', jurisdictionCode: '141181' } }))).status).toBe(403);
  });

  it('records a token’s last use', async () => {
    const list = (await (await f.call('admin@county', 'GET', `/api/users/${created.user.id}`)).json()) as User;
    expect(list.tokens[0]!.lastUsedAt).not.toBeNull();
  });

  it('disables a user: its token is refused at once saying why; enabling restores it', async () => {
    expect((await f.call('admin@county', 'POST', `/api/users/${created.user.id}/disable`)).status).toBe(200);
    const p = await problemOf(await as(created.token, 'GET', '/api/me'));
    expect(p).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(p.detail).toContain('disabled');
    expect((await f.call('admin@county', 'POST', `/api/users/${created.user.id}/enable`)).status).toBe(200);
    expect((await as(created.token, 'GET', '/api/me')).status).toBe(200);
  });

  it('rotates a token (the old one is refused as revoked, the new one works) and revokes one', async () => {
    const tokenId = created.user.tokens[0]!.id;
    const rotated = (await (await as(created.token, 'POST', `/api/tokens/${tokenId}/rotate`, {})).json()) as { token: string; tokenRecord: Token; revoked: Token };
    expect(rotated.revoked.revokedAt).not.toBeNull();
    const old = await problemOf(await as(created.token, 'GET', '/api/me'));
    expect(old.detail).toContain('revoked');
    expect((await as(rotated.token, 'GET', '/api/me')).status).toBe(200);
    expect((await f.call('admin@county', 'POST', `/api/tokens/${rotated.tokenRecord.id}/revoke`)).status).toBe(200);
    expect((await as(rotated.token, 'GET', '/api/me')).status).toBe(401);
    expect((await problemOf(await f.call('admin@county', 'POST', `/api/tokens/${rotated.tokenRecord.id}/revoke`))).code).toBe('conflict');
    // Someone else's token, outside one's subtree: no.
    expect((await f.call('official@zhongyi', 'POST', `/api/tokens/${tokenId}/revoke`)).status).toBe(403);
  });

  it('issues a token with an expiry, refused once it has passed; an expiry in the past is refused', async () => {
    const expiresAt = new Date(f.clock.now().getTime() + 3600_000).toISOString();
    const issued = (await (await f.call('admin@county', 'POST', `/api/users/${created.user.id}/tokens`, { body: { label: 'script', expiresAt } })).json()) as { token: string };
    expect((await as(issued.token, 'GET', '/api/me')).status).toBe(200);
    f.clock.advance(3600_001);
    const p = await problemOf(await as(issued.token, 'GET', '/api/me'));
    expect(p.detail).toContain('expired');
    const past = await problemOf(await f.call('admin@county', 'POST', `/api/users/${created.user.id}/tokens`, { body: { expiresAt: '2020-01-01T00:00:00Z' } }));
    expect(past).toMatchObject({ status: 422, issues: [{ path: ['expiresAt'] }] });
  });

  it('signs the web UI in with an HttpOnly SameSite=Strict cookie, Secure behind HTTPS, and wants the CSRF token for changes', async () => {
    const res = await f.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tokenOf('official@town') }) });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ce_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const jar = cookie.split(';')[0]!;
    const me = await f.app.request('/api/me', { headers: { cookie: jar } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(((await (await f.app.request('/api/session', { headers: { cookie: jar } })).json()) as { csrfToken: string }).csrfToken).toBe(csrfToken);
    const town = await f.instanceId(f.campaigns.special, '141181100');
    const change = { method: 'POST', body: JSON.stringify({ type: 'START_TASK', task: 'x' }) };
    const refused = await problemOf(await f.app.request(`/api/instances/${town}/events`, { ...change, headers: { cookie: jar, 'content-type': 'application/json' } }));
    expect(refused).toMatchObject({ status: 403 });
    expect(refused.detail).toContain('CSRF');
    const withCsrf = await f.app.request(`/api/instances/${town}/events`, { ...change, headers: { cookie: jar, 'content-type': 'application/json', 'x-csrf-token': csrfToken } });
    expect(withCsrf.status).not.toBe(403);
    expect((await f.app.request('/api/session', { method: 'DELETE', headers: { cookie: jar, 'x-csrf-token': csrfToken } })).status).toBe(204);
    expect((await f.app.request('/api/me', { headers: { cookie: jar } })).status).toBe(401);
    expect((await f.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'nope' }) })).status).toBe(401);
    const https = await f.app.request('https://campaign.example/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tokenOf('official@town') }) });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
  });
});
