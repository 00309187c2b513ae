// Before any route: security headers on every answer, compression, a limit per client
// address, bodies bounded in size (a 10 MB body gets a 413 over a real socket, not a
// reset) and in nesting depth (422, never a 500), and a cap on live streams per user.
import { request } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { MAX_STREAMS_PER_USER } from '../../api/routes/stream.js';
import { forEachDatabase } from '../support/databases.js';
import { databaseState, problemOf, setupFixture, TOWN, tokenOf, type Fixture } from './fixture.js';

forEachDatabase('api guards', (t) => {
  let f: Fixture;
  let town: number;
  beforeAll(async () => {
    f = await setupFixture(t);
    town = await f.instanceId(f.campaigns.special, TOWN);
  });

  it('sends security headers on every answer (the UI page, JSON, problems), and no-store to a signed-in caller', async () => {
    for (const [user, path] of [[null, '/api/health'], ['viewer@city', '/api/campaigns'], [null, '/api/campaigns'], [null, '/api/nowhere']] as const) {
      const res = await f.call(user, 'GET', path);
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      if (user) expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('compresses JSON for a client that takes gzip', async () => {
    const res = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const plain = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}`);
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('refuses JSON nested past 64 levels on every JSON route with a 422 problem, changing nothing', async () => {
    const before = await databaseState(t.db);
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const routes = ['/api/definitions', '/api/definitions/validate', '/api/campaigns', `/api/campaigns/${f.campaigns.special}/cancel`, `/api/instances/${town}/events`, '/ui/preview.svg', '/api/users', '/api/session'];
    for (const path of routes)
      for (const raw of [deep(100_000), deepObject(50_000), `{"type":"RECORD_INDICATOR","figures":${deep(5000)}}`]) {
        const p = await problemOf(await f.call('admin@city', 'POST', path, { raw }));
        expect(p.status, path).toBe(422);
        expect(p.issues?.[0]?.message).toContain('nests deeper than 64 levels');
      }
    expect(await databaseState(t.db)).toEqual(before);
  });

  it('caps the live streams one user holds open', async () => {
    const shutdown = new AbortController();
    const app = createApp({ engine: f.engine, rateLimit: false, streamPollMs: 20, signal: shutdown.signal });
    const controllers: AbortController[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const c = new AbortController();
      controllers.push(c);
      expect((await app.request(`/api/campaigns/${f.campaigns.special}/stream`, { headers: { authorization: `Bearer ${tokenOf('viewer@city')}` }, signal: c.signal })).status).toBe(200);
    }
    const p = await problemOf(await app.request(`/api/campaigns/${f.campaigns.special}/stream`, { headers: { authorization: `Bearer ${tokenOf('viewer@city')}` } }));
    expect(p).toMatchObject({ status: 429, code: 'rate_limited' });
    // Another user is not held back by this one.
    const other = new AbortController();
    expect((await app.request(`/api/campaigns/${f.campaigns.special}/stream`, { headers: { authorization: `Bearer ${tokenOf('viewer@county')}` }, signal: other.signal })).status).toBe(200);
    for (const c of [...controllers, other]) c.abort();
    shutdown.abort();
    await new Promise((r) => setTimeout(r, 100));
  });

  it('limits requests per client address before authentication', async () => {
    const app = createApp({ engine: f.engine, rateLimit: false, addressLimit: { max: 3 } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await app.request('/api/campaigns', { headers: { authorization: 'Bearer not-a-token' } })).status);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  describe413(() => f);
});

/** Over a real socket: a body far over the limit is answered 413 and the client never sees a reset. */
function describe413(fixture: () => Fixture) {
  let server: ReturnType<typeof serve> | undefined;
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: fixture().app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('answers a 10 MB body with a 413 problem over a real socket, with and without Content-Length', async () => {
    for (const chunked of [false, true]) {
      const result = await new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
        const body = Buffer.alloc(10 * 1024 * 1024, 'a');
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/api/definitions/validate', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('viewer@city')}`, ...(chunked ? {} : { 'content-length': body.length }) } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
        // Written in pieces, as a client streams an upload.
        let offset = 0;
        const write = () => {
          while (offset < body.length) {
            const chunk = body.subarray(offset, offset + 65536);
            offset += chunk.length;
            if (!req.write(chunk)) return req.once('drain', write);
          }
          req.end();
        };
        write();
      });
      expect(result, chunked ? 'chunked' : 'content-length').toMatchObject({ status: 413 });
      expect(JSON.parse((result as { body: string }).body)).toMatchObject({ code: 'payload_too_large' });
    }
  }, 30_000);
}
