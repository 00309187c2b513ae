// The authorization matrix: every role at a county and at a township, against its own
// jurisdiction, a sibling, its parent and (for the county) a child, for reading and
// for writing. A refusal is a 403 problem and changes nothing; an allowed write applies.
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.js';
import { CITY, COUNTY, databaseState, LEADING_GROUP, problemOf, setupFixture, SIBLING_COUNTY, SIBLING_TOWN, TOWN, type Fixture } from './fixture.js';

type Target = 'own' | 'sibling' | 'parent' | 'child';
type Role = 'admin' | 'official' | 'inspector' | 'viewer';

const PLACES = {
  county: { own: COUNTY, sibling: SIBLING_COUNTY, parent: CITY, child: TOWN },
  town: { own: TOWN, sibling: SIBLING_TOWN, parent: COUNTY },
} as const;

/** Each role writes with an event its role may send and the state accepts, so only the place decides. */
const EVENT: Record<Role, Record<string, unknown>> = {
  admin: { type: 'COMMEND', note: '工作扎实' },
  official: LEADING_GROUP,
  inspector: { type: 'INSPECT', findings: [{ text: '台账不全' }] },
  viewer: { type: 'COMMEND', note: '观察员不能写' },
};

/** Who may write where: an official its own instance, an inspector those below, an admin its subtree, a viewer nowhere. */
const MAY_WRITE: Record<Role, readonly Target[]> = {
  admin: ['own', 'child'],
  official: ['own'],
  inspector: ['child'],
  viewer: [],
};

/** Everyone reads its own subtree and nothing beside or above it. */
const MAY_READ: readonly Target[] = ['own', 'child'];

forEachDatabase('api authorization matrix', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  for (const [level, places] of Object.entries(PLACES)) {
    for (const role of ['admin', 'official', 'inspector', 'viewer'] as const) {
      const user = `${role}@${level}`;
      describe(`${role} at the ${level}`, () => {
        for (const [target, code] of Object.entries(places) as [Target, string][]) {
          const reads = MAY_READ.includes(target);
          const writes = MAY_WRITE[role].includes(target);

          it(`${reads ? 'reads' : 'may not read'} the instance and roll-up of its ${target} jurisdiction`, async () => {
            const id = await f.instanceId(f.campaigns.special, code);
            const instance = await f.call(user, 'GET', `/api/instances/${id}`);
            const rollup = await f.call(user, 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${code}`);
            const history = await f.call(user, 'GET', `/api/instances/${id}/history`);
            for (const res of [instance, rollup, history]) {
              if (reads) expect(res.status).toBe(200);
              else expect(await problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
            }
          });

          it(`${writes ? 'writes' : 'may not write'} to the instance of its ${target} jurisdiction`, async () => {
            const id = await f.instanceId(f.campaigns.special, code);
            const before = await databaseState(t.db);
            const version = (await f.engine.instance(id)).version;
            const res = await f.call(user, 'POST', `/api/instances/${id}/events`, { body: EVENT[role] });
            if (writes) {
              expect(res.status, await res.clone().text()).toBe(200);
              expect((await f.engine.instance(id)).version).toBe(version + 1);
            } else {
              expect(await problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
              expect(await databaseState(t.db)).toEqual(before);
            }
          });
        }
      });
    }
  }

  it('says why a send is refused, with the roles that may send it, in both languages', async () => {
    const id = await f.instanceId(f.campaigns.special, TOWN);
    const asInspector = await problemOf(await f.call('inspector@county', 'POST', `/api/instances/${id}/events`, { body: LEADING_GROUP }));
    expect(asInspector).toMatchObject({
      status: 403,
      code: 'forbidden',
      reasons: [{ code: 'role-not-permitted', roles: ['official', 'admin'], message: { zh: '「成立领导小组」由工作人员或管理员发送，督查员不能发送', en: 'FORM_LEADING_GROUP is sent by an official or an admin, not by an inspector' } }],
    });
    const asViewer = await problemOf(await f.call('viewer@town', 'POST', `/api/instances/${id}/events`, { body: EVENT.viewer }));
    expect(asViewer).toMatchObject({ status: 403, reasons: [{ code: 'viewer-reads-only', message: { zh: '观察员只能查看，不能发送事件' } }] });
    const outside = await problemOf(await f.call('official@town', 'POST', `/api/instances/${await f.instanceId(f.campaigns.special, SIBLING_TOWN)}/events`, { body: LEADING_GROUP }));
    expect(outside).toMatchObject({ status: 403, reasons: [{ code: 'outside-jurisdiction' }] });
  });

  describe('campaign-wide actions', () => {
    const launch = { definitionId: 'drug-safety-consolidation-action', launchDate: '2023-07-01' };

    it('lets an admin launch only on a root inside its jurisdiction', async () => {
      const before = await databaseState(t.db);
      // The county admin's own county is in scope (the definition then refuses the level: 422, not 403).
      expect((await problemOf(await f.call('admin@county', 'POST', '/api/campaigns', { body: { ...launch, rootCode: COUNTY } }))).status).toBe(422);
      expect((await problemOf(await f.call('admin@county', 'POST', '/api/campaigns', { body: { ...launch, rootCode: CITY } }))).status).toBe(403);
      expect((await problemOf(await f.call('admin@county', 'POST', '/api/campaigns', { body: { ...launch, rootCode: SIBLING_COUNTY } }))).status).toBe(403);
      for (const role of ['official', 'inspector', 'viewer'])
        expect((await problemOf(await f.call(`${role}@city`, 'POST', '/api/campaigns', { body: { ...launch, rootCode: CITY } }))).status).toBe(403);
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('lets no one below the root cancel a campaign', async () => {
      const before = await databaseState(t.db);
      for (const user of ['admin@county', 'admin@town', 'official@city', 'inspector@city', 'viewer@city'])
        expect((await problemOf(await f.call(user, 'POST', `/api/campaigns/${f.campaigns.special}/cancel`, { body: { reason: 'x' } }))).status, user).toBe(403);
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('lets only admins publish definitions', async () => {
      for (const role of ['official', 'inspector', 'viewer'])
        expect((await problemOf(await f.call(`${role}@city`, 'POST', '/api/definitions', { body: { id: 'x' } }))).status).toBe(403);
    });
  });
});
