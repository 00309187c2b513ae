// The UI's routes on the API app, through app.request: the page and its client-side
// routes, the bundled assets (hashed, gzipped, cached), and the editor's preview (an API route).
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinitionFile } from '../../engine/index.js';
import { dbOf } from '../../engine/store/db.js';
import { mountUi } from '../../ui/server.js';
import { setupFixture, type Fixture } from '../api/fixture.js';
import { createTestDatabase } from '../support/databases.js';

describe('the web UI’s routes', () => {
  let f: Fixture;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const t = await createTestDatabase('pglite');
    drop = t.drop;
    f = await setupFixture({ driver: 'pglite', db: dbOf(t.database), database: t.database }, { extend: (app) => mountUi(app) });
  });
  afterAll(async () => drop?.());

  it('serves the page at / and at every client-side route, with assets named by content hash', async () => {
    const home = await f.app.request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const html = await home.text();
    const hash = /\/ui\/app\.js\?v=([0-9a-f]{12})/.exec(html)?.[1];
    expect(hash).toBeDefined();
    expect(html).toContain(`/ui/app.css?v=${hash}`);
    for (const path of ['/ui/campaigns/2?code=141181', '/ui/instances/5', '/ui/definitions/new']) expect(await (await f.app.request(path)).text()).toBe(html);
  });

  it('serves the bundle gzipped and cacheable for ever under its hash, and revalidated without it', async () => {
    const html = await (await f.app.request('/')).text();
    const hash = /\/ui\/app\.js\?v=([0-9a-f]{12})/.exec(html)![1]!;
    const js = await f.app.request(`/ui/app.js?v=${hash}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const body = gunzipSync(new Uint8Array(await js.arrayBuffer())).toString('utf8');
    expect(body.length).toBeGreaterThan(20_000);
    expect(body).toContain('sourceMappingURL=app.js.map');
    const plain = await f.app.request('/ui/app.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    expect(await plain.text()).toContain('.timeline');
    expect((await f.app.request('/ui/app.css', { headers: { 'if-none-match': plain.headers.get('etag')! } })).status).toBe(304);
  });

  it('leaves the API where it was', async () => {
    expect((await f.app.request('/api/health')).status).toBe(200);
    const unknown = await f.app.request('/api/nowhere'); // the API's own answer, not the page
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('draws an unpublished definition for the editor, only for a signed-in user', async () => {
    const definition = await readDefinitionFile('canteen-rectification-notice');
    const anonymous = await f.call(null, 'POST', '/api/definitions/preview', { body: definition });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthorized');

    const svg = await f.call('viewer@city', 'POST', '/api/definitions/preview', { body: definition });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[\s\S]*整改 Rectifying[\s\S]*<\/svg>\s*$/);
  });

  it('answers an invalid definition with every issue at its path, and bad JSON with 400', async () => {
    const definition = { ...((await readDefinitionFile('canteen-rectification-notice')) as Record<string, unknown>), kind: 'crusade' };
    const res = await f.call('viewer@city', 'POST', '/api/definitions/preview', { body: definition });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { code: string; issues: { path: (string | number)[]; message: string }[] };
    expect(problem.code).toBe('invalid');
    expect(problem.issues.map((i) => i.path)).toContainEqual(['kind']);
    expect((await f.call('viewer@city', 'POST', '/api/definitions/preview', { raw: '{ "id": ' })).status).toBe(400);
  });
});
