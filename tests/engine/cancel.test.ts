// Cancelling a campaign: every instance is sent CANCEL; a database failure part way
// is thrown (the campaign stays running) and cancelling again finishes the work.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { sqlState } from '../../engine/index.js';
import { dbOf, query } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import { forEachDatabase } from '../support/databases.js';
import { createWorld, instanceAt } from '../support/world.js';

forEachDatabase('engine: cancelling a campaign', (t) => {
  it('throws a database failure, leaves the campaign running, and finishes when called again (by anyone)', async () => {
    const { engine } = await createWorld(t.database, '2024-02-01T09:00:00+08:00');
    const { campaignId, instances } = await engine.launch({
      definitionId: 'drug-safety-special-rectification',
      rootCode: '1411',
      launchDate: '2024-02-01',
      actor: 'admin',
    });
    const db = dbOf(engine.database);
    const counts = async () => {
      const [row] = await query<{ cancelled: unknown; cancels: unknown; pending: unknown }>(
        db,
        sql`select (select count(*) from instances where campaign_id = ${campaignId} and phase = 'cancelled') as cancelled,
                   (select count(*) from events where campaign_id = ${campaignId} and type = 'CANCEL') as cancels,
                   (select count(*) from timers where campaign_id = ${campaignId} and status = 'pending') as pending`,
      );
      return { cancelled: Number(row!.cancelled), cancels: Number(row!.cancels), pending: Number(row!.pending) };
    };

    // The database refuses to record the CANCEL of one county (as a full disk would).
    const broken = await instanceAt(engine, campaignId, '141181');
    await db.execute(
      sql.raw(`create function refuse_one_cancel() returns trigger language plpgsql as $$
               begin
                 if new.type = 'CANCEL' and new.instance_id = ${broken} then raise exception using errcode = '53100', message = 'could not extend file: no space left on device'; end if;
                 return new;
               end $$`),
    );
    await db.execute(sql`create trigger refuse_one_cancel before insert on events for each row execute function refuse_one_cancel()`);

    const failure = await engine.cancelCampaign(campaignId, 'admin', '重复部署').then(
      () => expect.fail('the cancel reported success although an instance was not cancelled'),
      (e: unknown) => e,
    );
    expect(sqlState(failure)).toBe('53100');
    expect((await store.getCampaign(db, campaignId))?.status).toBe('running');
    const partly = await counts();
    expect(partly.cancelled).toBe(instances - 1);
    expect((await store.getInstance(db, broken))?.summary.phase).not.toBe('cancelled');
    expect(partly.pending).toBeGreaterThan(0);

    await db.execute(sql`drop trigger refuse_one_cancel on events`);
    // Another admin finishes it, in other words: the instances cancelled already count as cancelled.
    expect(await engine.cancelCampaign(campaignId, 'another-admin', '重复部署，续撤')).toEqual({ cancelled: instances, closed: 0 });
    const cancelled = await store.getCampaign(db, campaignId);
    expect(cancelled?.status).toBe('cancelled');
    // Closed at the engine's time (the injected clock), not the database server's.
    expect(cancelled?.closedAt).toBe('2024-02-01T01:00:00.000Z');
    // Each instance cancelled once: the resumed cancel answered the first ones from their idempotency key.
    expect(await counts()).toEqual({ cancelled: instances, cancels: instances, pending: 0 });
  });
});
