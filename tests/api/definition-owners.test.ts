// The authorization matrix of definitions: an id belongs to the jurisdiction that first
// published it; an admin elsewhere (below it, or in another province) cannot publish
// its next versions, so cannot change what that jurisdiction's campaigns run; it may
// copy it under a new id. A running campaign keeps the version it launched with.
import { beforeAll, expect, it } from 'vitest';
import { readDefinitionFile } from '../../engine/index.js';
import { forEachDatabase } from '../support/databases.js';
import { databaseState, OTHER_COUNTY, problemOf, setupFixture, type Fixture } from './fixture.js';

forEachDatabase('definition owners', (t) => {
  let f: Fixture;
  let canteen: Record<string, unknown>;
  beforeAll(async () => {
    f = await setupFixture(t);
    await f.engine.users.create('system', { name: 'admin@shizhu', role: 'admin', jurisdictionCode: OTHER_COUNTY, token: 'token-admin@shizhu' });
    canteen = (await readDefinitionFile('canteen-rectification-notice')) as Record<string, unknown>;
  });
  // A rule change an attacker would want: officials may review their own rectification.
  const changed = () => ({ ...canteen, permissions: { REVIEW: ['official', 'inspector'] } });
  const publish = (user: string, body: unknown) => f.call(user, 'POST', '/api/definitions', { body });

  it('shows who owns a definition', async () => {
    const view = (await (await f.call('viewer@town', 'GET', '/api/definitions/canteen-rectification-notice')).json()) as { owner: { code: string; name: string } };
    expect(view.owner).toEqual({ code: '1411', name: '吕梁市' });
  });

  for (const user of ['admin@county', 'admin@town', 'admin@shizhu', 'official@city', 'viewer@city'])
    it(`refuses ${user} a new version of a definition owned by 吕梁市, writing nothing`, async () => {
      const before = await databaseState(t.db);
      const p = await problemOf(await publish(user, changed()));
      expect(p.status).toBe(403);
      if (user.startsWith('admin')) expect(p.detail).toContain('belongs to 吕梁市 (1411)');
      expect(await databaseState(t.db)).toEqual(before);
    });

  it('lets an admin of the owner, or above it, publish the next version; running campaigns keep theirs', async () => {
    const res = await publish('admin@province', changed());
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: number }).version).toBe(2);
    const campaign = (await (await f.call('official@zhongyi', 'GET', `/api/campaigns/${f.campaigns.canteen}`)).json()) as { campaign: { definitionVersion: number } };
    expect(campaign.campaign.definitionVersion).toBe(1);
    expect((await publish('admin@city', { ...changed(), description: { zh: '第三版', en: 'Third' } })).status).toBe(201);
  });

  it('lets an admin elsewhere copy it under a new id, which its own jurisdiction then owns', async () => {
    const res = await publish('admin@shizhu', { ...changed(), id: 'shizhu-canteen-notice' });
    expect(res.status).toBe(201);
    const view = (await (await f.call('viewer@city', 'GET', '/api/definitions/shizhu-canteen-notice')).json()) as { owner: { code: string } };
    expect(view.owner.code).toBe(OTHER_COUNTY);
    expect((await publish('admin@city', { ...changed(), id: 'shizhu-canteen-notice', description: { zh: '改', en: 'x' } })).status).toBe(403);
  });
});
