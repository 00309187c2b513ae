// Idempotency that cannot lie: a key is held to the request it was first used for
// (method, route, canonical body, user), on events as on every other state change.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { purgeIdempotencyKeys } from '../../api/idempotency.js';
import { query } from '../../engine/store/db.js';
import { forEachDatabase } from '../support/databases.js';
import { databaseState, LEADING_GROUP, problemOf, setupFixture, TOWN, type Fixture } from './fixture.js';

forEachDatabase('idempotency keys', (t) => {
  let f: Fixture;
  let town: number;
  let sibling: number;
  beforeAll(async () => {
    f = await setupFixture(t);
    town = await f.instanceId(f.campaigns.special, TOWN);
    // Another instance of the same township: a rectification notice opened there.
    const notice = await f.engine.launch({ definitionId: 'canteen-rectification-notice', rootCode: TOWN, launchDate: '2023-07-02', actor: 'fixture' });
    sibling = await f.instanceId(notice.campaignId, TOWN);
  });
  const send = (user: string, id: number, body: unknown, key: string) => f.call(user, 'POST', `/api/instances/${id}/events`, { body, headers: { 'idempotency-key': key } });

  it('refuses the same key with another event (422 idempotency_key_reused naming the first use) and applies nothing', async () => {
    const first = await send('official@town', town, LEADING_GROUP, 'k-1');
    expect(first.status).toBe(200);
    const before = await databaseState(t.db);
    const p = await problemOf(await send('official@town', town, { type: 'START_TASK', task: 'mobilization-meeting' }, 'k-1'));
    expect(p).toMatchObject({ status: 422, code: 'idempotency_key_reused', firstUse: { instanceId: town, seq: 1, type: 'FORM_LEADING_GROUP' } });
    expect(p.detail).toContain('FORM_LEADING_GROUP');
    expect(await databaseState(t.db)).toEqual(before);
    // The same request again is a retry: the first answer, nothing written.
    const again = (await (await send('official@town', town, LEADING_GROUP, 'k-1')).json()) as { duplicate: boolean; version: number };
    expect(again).toMatchObject({ duplicate: true, version: 1 });
    expect(await databaseState(t.db)).toEqual(before);
  });

  it('refuses a key first used on another instance, or for a launch', async () => {
    const before = await databaseState(t.db);
    const p = await problemOf(await send('official@town', sibling, LEADING_GROUP, 'k-1'));
    expect(p).toMatchObject({ status: 422, code: 'idempotency_key_reused', firstUse: { instanceId: town } });
    const launch = await f.call('admin@city', 'POST', '/api/campaigns', {
      body: { definitionId: 'canteen-rectification-notice', rootCode: '141181102', launchDate: '2023-07-02' },
      headers: { 'idempotency-key': 'k-launch' },
    });
    expect(launch.status).toBe(201);
    const after = await databaseState(t.db);
    // The launch's key on an event, and on another launch body.
    const admin = await problemOf(await send('admin@city', sibling, LEADING_GROUP, 'k-launch'));
    expect(admin).toMatchObject({ status: 422, code: 'idempotency_key_reused', firstUse: { request: 'POST /api/campaigns' } });
    const other = await problemOf(
      await f.call('admin@city', 'POST', '/api/campaigns', { body: { definitionId: 'canteen-rectification-notice', rootCode: '141181101', launchDate: '2023-07-02' }, headers: { 'idempotency-key': 'k-launch' } }),
    );
    expect(other.code).toBe('idempotency_key_reused');
    expect(other.detail).toContain('POST /api/campaigns');
    expect(await databaseState(t.db)).toEqual(after);
    expect(after.campaigns).toBe((before.campaigns ?? 0) + 1);
  });

  it('refuses a cancel whose key was first used for a launch', async () => {
    const p = await problemOf(await f.call('admin@city', 'POST', `/api/campaigns/${f.campaigns.special}/cancel`, { body: { reason: 'test' }, headers: { 'idempotency-key': 'k-launch' } }));
    expect(p.code).toBe('idempotency_key_reused');
    expect((await (await f.call('admin@city', 'GET', `/api/campaigns/${f.campaigns.special}`)).json()) as { campaign: { status: string } }).toMatchObject({ campaign: { status: 'running' } });
  });

  it('forgets keys older than the window, and only those', async () => {
    await query(t.db, sql`update api_idempotency set created_at = now() - interval '25 hours' where key = 'k-launch'`);
    await query(t.db, sql`update events set at = at - interval '10 years' where idempotency_key = ${`user:${await userId('official@town')}:k-1`}`);
    const purged = await purgeIdempotencyKeys(f.engine, 24);
    expect(purged.requests).toBe(1);
    expect(purged.events).toBe(1);
    // Forgotten: the key is new again.
    expect((await send('official@town', town, { type: 'START_TASK', task: 'mobilization-meeting' }, 'k-1')).status).toBe(200);
    const timerKeys = await query<{ n: unknown }>(t.db, sql`select count(*) as n from events where idempotency_key like 'timer:%'`);
    expect(Number(timerKeys[0]!.n)).toBeGreaterThanOrEqual(0);
  });

  const userId = async (name: string) => {
    const rows = await query<{ id: unknown }>(t.db, sql`select id from users where name = ${name}`);
    return Number(rows[0]!.id);
  };
});
