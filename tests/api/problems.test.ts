// The API's edges: one problem format for every error, authentication, body and rate
// limits, the public documentation routes and the typed client.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../api/client.js';
import { createApp } from '../../api/app.js';
import { PROBLEMS } from '../../api/problem.js';
import { forEachDatabase } from '../support/databases.js';
import { databaseState, problemOf, setupFixture, tokenOf, TOWN, type Fixture } from './fixture.js';

forEachDatabase('api problems, limits and documentation', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  describe('authentication', () => {
    it('answers 401 with a Bearer challenge without a token, with a malformed header, and with an unknown token', async () => {
      const none = await f.call(null, 'GET', '/api/campaigns');
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect(await problemOf(none)).toMatchObject({ status: 401, code: 'unauthorized', type: '/api/problems/unauthorized' });
      const basic = await f.app.request('/api/campaigns', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect((await problemOf(basic)).detail).toContain('Bearer <token>');
      const unknown = await f.app.request('/api/campaigns', { headers: { authorization: 'Bearer nope' } });
      expect((await problemOf(unknown)).detail).toBe('the token is not valid');
    });

    it('tells who the token belongs to', async () => {
      const res = await f.call('official@town', 'GET', '/api/me');
      expect(await res.json()).toMatchObject({ name: 'official@town', role: 'official', jurisdiction: { code: TOWN, name: '兑镇镇', level: 'township' } });
    });
  });

  describe('problem format', () => {
    it('answers malformed JSON with 400 malformed_json and changes nothing', async () => {
      const before = await databaseState(t.db);
      const p = await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { raw: '{"definitionId": ' }));
      expect(p).toMatchObject({ status: 400, code: 'malformed_json', title: PROBLEMS.malformed_json.title });
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('answers an unknown route with a 404 problem', async () => {
      expect(await problemOf(await f.call('admin@city', 'GET', '/api/nothing-here'))).toMatchObject({ status: 404, code: 'not_found' });
    });

    it('describes every problem code at its type URI', async () => {
      for (const code of Object.keys(PROBLEMS)) {
        const res = await f.app.request(`/api/problems/${code}`);
        expect(await res.json()).toEqual({ code, ...PROBLEMS[code as keyof typeof PROBLEMS] });
      }
    });

    it('refuses a body over the limit with 413 and changes nothing', async () => {
      const small = createApp({ engine: f.engine, bodyLimitBytes: 1000, rateLimit: false });
      const before = await databaseState(t.db);
      const res = await small.request('/api/definitions/validate', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenOf('admin@city')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'x'.repeat(5000) }),
      });
      expect(await problemOf(res)).toMatchObject({ status: 413, code: 'payload_too_large' });
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('limits requests per user with 429 and Retry-After, counting each user apart', async () => {
      const limited = createApp({ engine: f.engine, rateLimit: { max: 3, windowMs: 60_000 } });
      const as = (user: string) => limited.request('/api/me', { headers: { authorization: `Bearer ${tokenOf(user)}` } });
      for (let i = 0; i < 3; i++) expect((await as('viewer@city')).status).toBe(200);
      const over = await as('viewer@city');
      expect(await problemOf(over)).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await as('viewer@county')).status).toBe(200);
    });

    it('refuses a malformed Idempotency-Key with 400', async () => {
      const p = await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { definitionId: 'x', rootCode: '1411', launchDate: '2023-07-01' }, headers: { 'idempotency-key': 'bad key with spaces' } }));
      expect(p).toMatchObject({ status: 400, code: 'bad_request' });
    });
  });

  describe('documentation', () => {
    it('serves an OpenAPI 3.1 document describing every route, public', async () => {
      const res = await f.app.request('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
      expect(doc.openapi).toBe('3.1.0');
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.sort()).toEqual(
        [
          'DELETE /api/session',
          'GET /api/session',
          'GET /api/users',
          'GET /api/users/{id}',
          'POST /api/session',
          'POST /api/tokens/{id}/revoke',
          'POST /api/tokens/{id}/rotate',
          'POST /api/users',
          'POST /api/users/{id}/disable',
          'POST /api/users/{id}/enable',
          'POST /api/users/{id}/tokens',
          'GET /api/campaigns',
          'GET /api/campaigns/{id}',
          'GET /api/campaigns/{id}/export.csv',
          'GET /api/campaigns/{id}/export.xlsx',
          'GET /api/campaigns/{id}/instances',
          'GET /api/campaigns/{id}/instances/{code}',
          'GET /api/campaigns/{id}/outbox',
          'GET /api/campaigns/{id}/rollup',
          'GET /api/campaigns/{id}/stream',
          'GET /api/definitions',
          'GET /api/definitions/{id}',
          'GET /api/definitions/{id}/diagram',
          'GET /api/definitions/{id}/versions/{version}',
          'GET /api/health',
          'GET /api/instances/{id}',
          'GET /api/instances/{id}/history',
          'GET /api/jurisdictions',
          'GET /api/jurisdictions/search',
          'GET /api/jurisdictions/{code}',
          'GET /api/jurisdictions/{code}/ancestors',
          'GET /api/jurisdictions/{code}/children',
          'GET /api/me',
          'GET /api/problems/{code}',
          'POST /api/campaigns',
          'POST /api/campaigns/{id}/cancel',
          'POST /api/definitions',
          'POST /api/definitions/preview',
          'POST /api/definitions/validate',
          'POST /api/instances/{id}/events',
          'GET /api/documents/print.css',
          'GET /api/definitions/{id}/documents/plan',
          'GET /api/campaigns/{id}/documents/{kind}',
          'GET /api/instances/{id}/documents/{kind}',
          'POST /api/campaigns/{id}/documents/{kind}/number',
          'POST /api/instances/{id}/documents/{kind}/number',
          'GET /api/jurisdictions/{code}/issuer',
          'PUT /api/jurisdictions/{code}/issuer',
        ].sort(),
      );
      for (const [path, ops] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(ops)) expect(Object.keys(op.responses), `${m} ${path}`).toContain(
            m === 'delete' ? '204' : m === 'post' && ['/api/campaigns', '/api/session', '/api/users', '/api/users/{id}/tokens', '/api/tokens/{id}/rotate'].includes(path) ? '201' : '200',
          );
      // Each event type's payload is documented as its own schema.
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['EventRequest', 'FILE_REPORTEvent', 'CHECK_ITEMEvent', 'Problem', 'Rollup', 'Instance']));
    });

    it('serves the API reference page and its assets from this server, with nothing from a CDN', async () => {
      const page = await f.app.request('/api/reference');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toMatch(/https?:\/\//);
      for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']) {
        expect(html).toContain(`/api/reference/${asset}`);
        const res = await f.app.request(`/api/reference/${asset}`);
        expect(res.status, asset).toBe(200);
      }
      expect(await (await f.app.request('/api/reference/init.js')).text()).toContain('"/api/openapi.json"');
      expect((await f.app.request('/api/reference/..%2Fpackage.json')).status).toBe(404);
    });

    it('answers health without a token', async () => {
      expect(await (await f.app.request('/api/health')).json()).toMatchObject({ ok: true });
    });
  });

  describe('typed client', () => {
    it('calls the API with types from the routes', async () => {
      const client = apiClient('http://localhost', tokenOf('official@town'), (input, init) => Promise.resolve(f.app.fetch(new Request(input, init))));
      const res = await client.api.campaigns.$get({ query: {} });
      expect(res.status).toBe(200);
      if (res.status !== 200) return;
      const body = await res.json();
      expect(body.items.map((c) => c.focusCode)).toEqual([TOWN]);
      const one = await client.api.instances[':id'].$get({ param: { id: String(await f.instanceId(f.campaigns.special, TOWN)) } });
      expect(one.status).toBe(200);
      if (one.status === 200) expect((await one.json()).code).toBe(TOWN);
    });
  });

  it('leaves / and /ui free for the web UI, which extend mounts after the API', async () => {
    const app = createApp({
      engine: f.engine,
      extend: (a) => {
        a.get('/', (c) => c.text('ui'));
      },
    });
    expect(await (await app.request('/')).text()).toBe('ui');
    expect((await app.request('/api/me')).status).toBe(401);
  });
});
