// /api/definitions: list, read, validate, publish and draw — through app.request, on every database.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, validateDefinition } from '../../definitions/language/validate.js';
import { readDefinitionFile } from '../../engine/index.js';
import { forEachDatabase } from '../support/databases.js';
import { databaseState, problemOf, setupFixture, TOWN, type Fixture } from './fixture.js';

forEachDatabase('api definitions', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  it('lists the three published definitions with their latest version', async () => {
    const res = await f.call('viewer@town', 'GET', '/api/definitions');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; latestVersion: number }[] };
    expect(body.items.map((d) => d.id).sort()).toEqual(['canteen-rectification-notice', 'drug-safety-consolidation-action', 'drug-safety-special-rectification']);
    expect(body.items.every((d) => d.latestVersion === 1)).toBe(true);
  });

  it('returns a definition with its content and version list, and one version by number', async () => {
    const res = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; version: number; content: { phases: unknown[] }; versions: { version: number }[] };
    expect(body).toMatchObject({ id: 'drug-safety-consolidation-action', version: 1 });
    expect(body.content.phases).toHaveLength(3);
    expect(body.versions.map((v) => v.version)).toEqual([1]);
    const v1 = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/versions/1');
    expect(v1.status).toBe(200);
  });

  it('answers 404 problems for an unknown definition or version', async () => {
    expect((await problemOf(await f.call('viewer@city', 'GET', '/api/definitions/no-such-thing'))).code).toBe('not_found');
    expect((await problemOf(await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/versions/9'))).code).toBe('not_found');
  });

  it('validates without saving and reports the same paths and messages as the CLI', async () => {
    const broken = (await readDefinitionFile('canteen-rectification-notice')) as Record<string, unknown>;
    broken.id = 'Not An Id';
    broken.phases = [];
    const before = await databaseState(t.db);
    const res = await f.call('official@town', 'POST', '/api/definitions/validate', { body: broken });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; issues: unknown[]; lines: string[] };
    const expected = validateDefinition(broken);
    expect(expected.ok).toBe(false);
    expect(body.valid).toBe(false);
    expect(body.issues).toEqual(expected.issues);
    expect(body.lines).toEqual(expected.issues.map(formatIssue));
    expect(await databaseState(t.db)).toEqual(before);
    const ok = await f.call('official@town', 'POST', '/api/definitions/validate', { body: await readDefinitionFile('canteen-rectification-notice') });
    expect(await ok.json()).toEqual({ valid: true, issues: [], lines: [] });
  });

  it('publishes a changed definition as version 2 (201, Location), and the same content again as that version (200)', async () => {
    const def = (await readDefinitionFile('canteen-rectification-notice')) as { description: { en: string } };
    def.description.en += ' (revised)';
    const first = await f.call('admin@city', 'POST', '/api/definitions', { body: def, headers: { 'idempotency-key': 'publish-1' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/api/definitions/canteen-rectification-notice/versions/2');
    expect(await first.json()).toEqual({ id: 'canteen-rectification-notice', version: 2, created: true });
    const again = await f.call('admin@city', 'POST', '/api/definitions', { body: def });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: 'canteen-rectification-notice', version: 2, created: false });
  });

  it('refuses to publish an invalid definition with every issue (422) and saves nothing', async () => {
    const before = await databaseState(t.db);
    const res = await f.call('admin@city', 'POST', '/api/definitions', { body: { id: 'x', kind: 'nope' } });
    const p = await problemOf(res);
    expect(p.status).toBe(422);
    expect(p.code).toBe('invalid');
    expect(p.issues).toEqual(validateDefinition({ id: 'x', kind: 'nope' }).issues);
    expect(await databaseState(t.db)).toEqual(before);
  });

  it('lets only admins publish', async () => {
    const p = await problemOf(await f.call('official@city', 'POST', '/api/definitions', { body: await readDefinitionFile('canteen-rectification-notice') }));
    expect(p.status).toBe(403);
    expect(p.detail).toContain('needs an admin');
  });

  describe('diagram', () => {
    it('draws Mermaid by default, DOT and SVG on request', async () => {
      const mermaid = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/diagram');
      expect(mermaid.status).toBe(200);
      expect(mermaid.headers.get('content-type')).toContain('text/vnd.mermaid');
      expect(await mermaid.text()).toMatch(/^stateDiagram-v2/);
      const dot = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/diagram?format=dot');
      expect(await dot.text()).toMatch(/^digraph/);
      const svg = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/diagram?format=svg');
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      expect(await svg.text()).toContain('<svg');
    });

    it('highlights the states one instance is in', async () => {
      const id = await f.instanceId(f.campaigns.special, TOWN);
      const res = await f.call('official@town', 'GET', `/api/definitions/drug-safety-special-rectification/diagram?format=dot&instance=${id}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('#1d4ed8'); // HIGHLIGHT.stroke
    });

    it('paints a heat map of the campaign counted within the caller’s jurisdiction only', async () => {
      const city = await (await f.call('viewer@city', 'GET', `/api/definitions/drug-safety-special-rectification/diagram?campaign=${f.campaigns.special}`)).text();
      expect(city).toContain('(168)'); // all of 吕梁市: 1 + 13 + 154
      const town = await (await f.call('viewer@town', 'GET', `/api/definitions/drug-safety-special-rectification/diagram?campaign=${f.campaigns.special}`)).text();
      expect(town).toContain('(1)');
      expect(town).not.toContain('(168)');
    });

    it('refuses an instance outside the caller’s jurisdiction, and a campaign of another definition', async () => {
      const id = await f.instanceId(f.campaigns.special, TOWN);
      expect((await f.call('official@sibling-town', 'GET', `/api/definitions/drug-safety-special-rectification/diagram?instance=${id}`)).status).toBe(403);
      expect((await f.call('viewer@city', 'GET', `/api/definitions/canteen-rectification-notice/diagram?campaign=${f.campaigns.special}`)).status).toBe(404);
    });
  });
});
