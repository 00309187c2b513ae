// /api/campaigns: launch (idempotent), list, read with roll-up, drill down and filter, instances, cancel.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../api/idempotency.js';
import { query } from '../../engine/store/db.js';
import { forEachDatabase } from '../support/databases.js';
import { CITY, COUNTY, databaseState, OTHER_COUNTY, problemOf, setupFixture, SIBLING_TOWN, tokenOf, TOWN, ZHONGYI, type Fixture } from './fixture.js';

type Campaign = { id: number; definitionId: string; rootCode: string; focusCode: string; status: string };
type Rollup = { focus: { code: string; level: string }; subtree: { instances: number }; children: { code: string; health: string }[]; byLevel: Record<string, { instances: number }> };

forEachDatabase('api campaigns', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  describe('list and read', () => {
    it('lists to a city user the campaigns of its city, not those of 石柱县', async () => {
      const res = await f.call('viewer@city', 'GET', '/api/campaigns');
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: Campaign[] };
      expect(items.map((c) => c.id).sort()).toEqual([f.campaigns.consolidation, f.campaigns.special].sort());
      expect(items.every((c) => c.focusCode === CITY && c.rootCode === CITY)).toBe(true);
    });

    it('shows a township user the city’s campaigns focused on its own township', async () => {
      const { items } = (await (await f.call('official@town', 'GET', '/api/campaigns')).json()) as { items: Campaign[] };
      // The consolidation action runs at the city bureau and its counties only: a township takes part in the special rectification.
      expect(items.map((c) => [c.id, c.rootCode, c.focusCode])).toEqual([[f.campaigns.special, CITY, TOWN]]);
      const { items: county } = (await (await f.call('official@county', 'GET', '/api/campaigns')).json()) as { items: Campaign[] };
      expect(county.map((c) => c.id).sort()).toEqual([f.campaigns.consolidation, f.campaigns.special].sort());
      const { items: zhongyi } = (await (await f.call('inspector@shizhu', 'GET', '/api/campaigns')).json()) as { items: Campaign[] };
      expect(zhongyi.map((c) => [c.id, c.rootCode, c.focusCode])).toEqual([[f.campaigns.canteen, ZHONGYI, ZHONGYI]]);
    });

    it('returns a campaign with its roll-up at the root: 1 city, 13 counties, 154 townships', async () => {
      const res = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { campaign: Campaign & { title: { zh: string } }; rollup: Rollup };
      expect(body.campaign.title.zh).toBe('药品安全专项整治');
      expect(body.rollup.subtree.instances).toBe(168);
      expect(body.rollup.byLevel).toMatchObject({ city: { instances: 1 }, county: { instances: 13 }, township: { instances: 154 } });
      expect(body.rollup.children).toHaveLength(13);
    });

    it('gives a township official reading the city’s campaign the roll-up of its own township only', async () => {
      const body = (await (await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}`)).json()) as { rollup: Rollup };
      expect(body.rollup.focus.code).toBe(TOWN);
      expect(body.rollup.subtree.instances).toBe(1);
      expect(body.rollup.children).toEqual([]);
    });

    it('drills the roll-up down to a county and filters its children by health', async () => {
      const county = (await (await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${COUNTY}`)).json()) as Rollup;
      expect(county.focus).toMatchObject({ code: COUNTY, level: 'county' });
      expect(county.children).toHaveLength(16);
      const red = (await (await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${COUNTY}&health=red`)).json()) as Rollup;
      expect(red.children).toEqual([]);
      const notOverdue = (await (await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${COUNTY}&overdue=false&phase=mobilization`)).json()) as Rollup;
      expect(notOverdue.children).toHaveLength(16);
    });

    it('refuses a roll-up outside the caller’s jurisdiction, and a campaign entirely outside it', async () => {
      expect((await problemOf(await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${SIBLING_TOWN}`))).status).toBe(403);
      expect((await problemOf(await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?code=${COUNTY}`))).status).toBe(403);
      expect((await problemOf(await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.canteen}`))).status).toBe(403);
      expect((await problemOf(await f.call('viewer@city', 'GET', '/api/campaigns/99999'))).status).toBe(404);
      expect((await problemOf(await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/rollup?health=purple`))).status).toBe(422);
    });

    it('lists instances under a jurisdiction by code, filtered by level and paged', async () => {
      const first = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/instances?under=${COUNTY}&level=township&limit=10`);
      expect(first.status).toBe(200);
      const page1 = (await first.json()) as { items: { code: string }[]; next: string | null };
      expect(page1.items).toHaveLength(10);
      expect(page1.next).toBe(page1.items[9]!.code);
      const page2 = (await (await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/instances?under=${COUNTY}&level=township&limit=10&after=${page1.next}`)).json()) as typeof page1;
      expect(page2.items).toHaveLength(6);
      expect(page2.next).toBeNull();
      const all = (await (await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/instances`)).json()) as typeof page1;
      expect(all.items.map((i) => i.code)).toEqual([TOWN]);
    });

    it('looks an instance up by campaign and code, with its ETag', async () => {
      const res = await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/instances/${TOWN}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { id: number; code: string; version: number };
      expect(body.id).toBe(await f.instanceId(f.campaigns.special, TOWN));
      expect(res.headers.get('etag')).toBe(`"${body.version}"`);
      expect((await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/instances/${SIBLING_TOWN}`)).status).toBe(403);
      expect((await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/instances/1411999`)).status).toBe(404);
    });
  });

  describe('launch', () => {
    const body = { definitionId: 'drug-safety-special-rectification', rootCode: CITY, launchDate: '2023-09-01' };

    it('launches on a root in the admin’s jurisdiction (201, Location) and replays a retry with the same Idempotency-Key', async () => {
      const before = await databaseState(t.db);
      const first = await f.call('admin@city', 'POST', '/api/campaigns', { body, headers: { 'idempotency-key': 'launch-sept' } });
      expect(first.status).toBe(201);
      const launched = (await first.json()) as { campaignId: number; instances: number; byLevel: Record<string, number>; campaign: Campaign };
      expect(launched).toMatchObject({ instances: 168, byLevel: { city: 1, county: 13, township: 154 } });
      expect(launched.campaign).toMatchObject({ rootCode: CITY, status: 'running', definitionId: body.definitionId });
      expect(first.headers.get('location')).toBe(`/api/campaigns/${launched.campaignId}`);
      const afterFirst = await databaseState(t.db);
      expect(afterFirst.campaigns).toBe(before.campaigns! + 1);

      const retry = await f.call('admin@city', 'POST', '/api/campaigns', { body, headers: { 'idempotency-key': 'launch-sept' } });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(launched);
      expect(await databaseState(t.db)).toEqual(afterFirst);
    });

    it('refuses the same Idempotency-Key with another body (422) and launches nothing', async () => {
      const before = await databaseState(t.db);
      const p = await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { ...body, launchDate: '2023-10-01' }, headers: { 'idempotency-key': 'launch-sept' } }));
      expect(p).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('lets a failed launch leave its key free for a corrected retry', async () => {
      const bad = await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { ...body, rootCode: COUNTY }, headers: { 'idempotency-key': 'launch-fix' } }));
      expect(bad.status).toBe(422);
      expect(bad.issues?.[0]?.path).toEqual(['rootCode']);
      const before = await databaseState(t.db);
      const fixed = await f.call('admin@city', 'POST', '/api/campaigns', { body: { ...body, rootCode: COUNTY }, headers: { 'idempotency-key': 'launch-fix' } });
      // Same key, same (still wrong) body: refused again rather than replayed, since nothing was recorded.
      expect(fixed.status).toBe(422);
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('refuses a launch by a non-admin (403), outside the admin’s jurisdiction (403), of an unknown definition (404)', async () => {
      const before = await databaseState(t.db);
      expect((await problemOf(await f.call('official@city', 'POST', '/api/campaigns', { body }))).status).toBe(403);
      expect((await problemOf(await f.call('admin@county', 'POST', '/api/campaigns', { body }))).status).toBe(403);
      expect((await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { ...body, rootCode: OTHER_COUNTY } }))).status).toBe(403);
      expect((await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { ...body, definitionId: 'nope' } }))).status).toBe(404);
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('answers a launch whose process died before recording its answer with what the launch really made', async () => {
      const interrupted = { ...body, launchDate: '2023-12-01' };
      // A process claimed the key, launched, and died before recording the answer: its claim is stale.
      const who = await f.engine.users.authenticateToken(tokenOf('admin@city'));
      if ('refused' in who) throw new Error(who.refused);
      const admin = who.user;
      const scope = `user:${admin.id}`;
      const request = { method: 'POST', route: '/campaigns', body: interrupted };
      expect(await f.engine.requests.claim(scope, 'launch-crash', fingerprint(request), 'POST /api/campaigns')).toBe(true);
      await query(t.db, sql`update api_idempotency set created_at = now() - interval '2 minutes' where scope = ${scope} and key = 'launch-crash'`);
      const launched = await f.engine.launch({ ...interrupted, actor: `${admin.name}#${admin.id}` });
      expect(launched).toMatchObject({ instances: 168, byLevel: { city: 1, county: 13, township: 154 } });
      expect(launched.timers).toBeGreaterThan(0);
      const before = await databaseState(t.db);
      const res = await f.call('admin@city', 'POST', '/api/campaigns', { body: interrupted, headers: { 'idempotency-key': 'launch-crash' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      const answer = (await res.json()) as typeof launched;
      expect({ campaignId: answer.campaignId, instances: answer.instances, byLevel: answer.byLevel, timers: answer.timers }).toEqual(launched);
      expect(await databaseState(t.db)).toEqual(before);
    });

    it('lets a province admin launch on a city in its province', async () => {
      const res = await f.call('admin@province', 'POST', '/api/campaigns', { body: { ...body, launchDate: '2023-11-01' } });
      expect(res.status).toBe(201);
    });
  });

  describe('cancel', () => {
    it('cancels a running campaign for its root’s admin, every instance with it, and refuses cancelling it twice', async () => {
      const launched = (await (await f.call('admin@city', 'POST', '/api/campaigns', { body: { definitionId: 'drug-safety-special-rectification', rootCode: CITY, launchDate: '2023-07-01' } })).json()) as { campaignId: number };
      const id = launched.campaignId;
      expect((await problemOf(await f.call('admin@county', 'POST', `/api/campaigns/${id}/cancel`, { body: { reason: '重复' } }))).status).toBe(403);
      expect((await problemOf(await f.call('official@city', 'POST', `/api/campaigns/${id}/cancel`, { body: { reason: '重复' } }))).status).toBe(403);
      const res = await f.call('admin@city', 'POST', `/api/campaigns/${id}/cancel`, { body: { reason: '重复发起' }, headers: { 'idempotency-key': 'cancel-1' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ campaignId: id, cancelled: 168, closed: 0, status: 'cancelled' });
      const replay = await f.call('admin@city', 'POST', `/api/campaigns/${id}/cancel`, { body: { reason: '重复发起' }, headers: { 'idempotency-key': 'cancel-1' } });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const again = await problemOf(await f.call('admin@city', 'POST', `/api/campaigns/${id}/cancel`, { body: { reason: '重复发起' } }));
      expect(again).toMatchObject({ status: 409, code: 'conflict' });
      const { items } = (await (await f.call('viewer@city', 'GET', '/api/campaigns?status=cancelled')).json()) as { items: Campaign[] };
      expect(items.map((c) => c.id)).toEqual([id]);
      const rollup = (await (await f.call('viewer@city', 'GET', `/api/campaigns/${id}/rollup`)).json()) as { subtree: { byHealth: Record<string, number> } };
      expect(rollup.subtree.byHealth).toEqual({ cancelled: 168 });
    });

    it('requires a reason', async () => {
      const p = await problemOf(await f.call('admin@city', 'POST', `/api/campaigns/${f.campaigns.special}/cancel`, { body: {} }));
      expect(p.status).toBe(422);
      expect(p.issues).toEqual([{ path: ['reason'], message: 'is required' }]);
    });
  });
});
