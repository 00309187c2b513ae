// The engine on both drivers: launch, send, refusals, idempotency, deadlines and
// escalation, rectification notices opened by an inspection.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/errors.js';
import type { Engine } from '../../engine/runner/engine.js';
import { dbOf, query } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import { Scheduler } from '../../engine/timers/scheduler.js';
import type { ManualClock } from '../../engine/clock.js';
import { forEachDatabase } from '../support/databases.js';
import { createWorld, instanceAt, readDefinition } from '../support/world.js';

async function count(engine: Engine, table: 'campaigns' | 'instances' | 'events' | 'timers'): Promise<number> {
  const [row] = await query<{ n: unknown }>(dbOf(engine.database), sql`select count(*) as n from ${sql.raw(table)}`);
  return Number(row!.n);
}

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(e)}`);
  return e;
}

forEachDatabase('engine', (t) => {
  let engine: Engine;
  let clock: ManualClock;
  let consolidation: number;

  beforeAll(async () => {
    ({ engine, clock } = await createWorld(t.database));
    consolidation = (await engine.launch({ definitionId: 'drug-safety-consolidation-action', rootCode: '1411', launchDate: '2023-07-01', actor: 'admin' })).campaignId;
  });

  describe('launch', () => {
    it('creates one instance for 吕梁市, each of its 13 counties and 154 townships, linked parent to child', async () => {
      const rows = await query<{ level: string; n: unknown; orphans: unknown }>(
        dbOf(engine.database),
        sql`select i.level, count(*) as n, count(*) filter (where i.level <> 'city' and (p.id is null or p.jurisdiction_code <> left(i.jurisdiction_code, case i.level when 'county' then 4 else 6 end))) as orphans
            from instances i left join instances p on p.id = i.parent_id where i.campaign_id = ${consolidation} group by i.level`,
      );
      const byLevel = Object.fromEntries(rows.map((r) => [r.level, [Number(r.n), Number(r.orphans)]]));
      expect(byLevel).toEqual({ city: [1, 0], county: [13, 0], township: [154, 0] });
      const xiaoyi = await store.findInstance(dbOf(engine.database), consolidation, '141181');
      expect(xiaoyi?.parentId).toBe(await instanceAt(engine, consolidation, '1411'));
    });

    it('fixes the dates of the definition and schedules the campaign deadlines', async () => {
      const campaign = await engine.campaign(consolidation);
      expect(campaign.dates.phases['key-advancement']).toEqual({ start: '2023-07-01', end: '2024-06-30' });
      const timers = await query<{ key: string; due_at: string }>(dbOf(engine.database), sql`select key, due_at::text as due_at from timers where campaign_id = ${consolidation} order by due_at, key`);
      expect(timers.map((x) => x.key)).toContain('supervision:supervision-research-2023:open');
      // The mobilization phase ends when 2023-08-01 begins in Asia/Shanghai.
      const due = timers.find((x) => x.key === 'phase:mobilization')!;
      expect(new Date(due.due_at).toISOString()).toBe('2023-07-31T16:00:00.000Z');
    });

    it('refuses a root of the wrong level and writes nothing', async () => {
      const before = [await count(engine, 'campaigns'), await count(engine, 'instances'), await count(engine, 'timers')];
      const e = await refusal(engine.launch({ definitionId: 'drug-safety-consolidation-action', rootCode: '141181', launchDate: '2023-07-01', actor: 'admin' }));
      expect(e.code).toBe('invalid');
      expect(e.details.issues).toEqual([{ path: ['rootCode'], message: '"drug-safety-consolidation-action" is launched by a city; 141181 孝义市 is a county' }]);
      expect([await count(engine, 'campaigns'), await count(engine, 'instances'), await count(engine, 'timers')]).toEqual(before);
    });

    it('refuses an unknown definition or jurisdiction with not_found', async () => {
      expect((await refusal(engine.launch({ definitionId: 'nope', rootCode: '1411', launchDate: '2023-07-01', actor: 'a' }))).code).toBe('not_found');
      expect((await refusal(engine.launch({ definitionId: 'drug-safety-consolidation-action', rootCode: '9999', launchDate: '2023-07-01', actor: 'a' }))).code).toBe('not_found');
    });
  });

  describe('send', () => {
    it('refuses an event the state does not handle, naming the events it does, and changes nothing', async () => {
      const id = await instanceAt(engine, consolidation, '141181001');
      const before = await store.getInstance(dbOf(engine.database), id);
      const e = await refusal(engine.send(id, { type: 'REVIEW', result: 'pass' }, { actor: 'x' }));
      expect(e.code).toBe('event_not_accepted');
      expect(e.details.allowed).toEqual(expect.arrayContaining(['FORM_LEADING_GROUP', 'FILE_REPORT', 'COMPLETE_TASK']));
      expect(e.details.allowed).not.toContain('REVIEW');
      expect((await store.getInstance(dbOf(engine.database), id))?.version).toBe(before?.version);
    });

    it('reports every payload issue with its path', async () => {
      const id = await instanceAt(engine, consolidation, '141181001');
      const e = await refusal(engine.send(id, { type: 'FILE_REPORT', report: 42, extra: true }, { actor: 'x' }));
      expect(e.code).toBe('invalid');
      const paths = (e.details.issues as { path: unknown[] }[]).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['report']));
    });

    it('does not let a caller send the engine timers’ events', async () => {
      const id = await instanceAt(engine, consolidation, '141181001');
      expect((await refusal(engine.send(id, { type: 'PHASE_DUE', phase: 'mobilization' }, { actor: 'x' }))).code).toBe('forbidden');
    });

    it('returns the first result for a retried idempotency key and writes one event', async () => {
      const id = await instanceAt(engine, consolidation, '141181002');
      const members = [
        { role: 'leader', name: '张三' },
        { role: 'office-director', name: '李四' },
      ];
      const first = await engine.send(id, { type: 'FORM_LEADING_GROUP', members: fillRoles(members) }, { actor: 'official', idempotencyKey: 'k-1' });
      const again = await engine.send(id, { type: 'FORM_LEADING_GROUP', members: fillRoles(members) }, { actor: 'official', idempotencyKey: 'k-1' });
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ ...first, duplicate: true });
      const events = await store.listEvents(dbOf(engine.database), id, 0, 10);
      expect(events.filter((e) => e.idempotencyKey === 'k-1')).toHaveLength(1);
    });

    it('refuses a send at a stale version with version_conflict', async () => {
      const id = await instanceAt(engine, consolidation, '141181003');
      await engine.send(id, { type: 'COMMEND', note: '表现突出' }, { actor: 'inspector', expectedVersion: 0 });
      const e = await refusal(engine.send(id, { type: 'COMMEND', note: 'again' }, { actor: 'inspector', expectedVersion: 0 }));
      expect(e.code).toBe('version_conflict');
      expect(e.details.version).toBe(1);
    });

    it('lists the events allowed now, without the engine’s own', async () => {
      const id = await instanceAt(engine, consolidation, '141181004');
      const detail = await engine.instance(id);
      expect(detail.allowed).toContain('FORM_LEADING_GROUP');
      expect(detail.allowed).not.toContain('PHASE_DUE');
      expect(detail.deadlines.map((d) => d.key)).toContain('phase:mobilization');
    });
  });

  describe('deadlines', () => {
    it('marks an unfinished phase overdue when its window ends and escalates it on its own', async () => {
      const id = await instanceAt(engine, consolidation, '141181005');
      const scheduler = new Scheduler(engine);
      clock.set('2023-08-01T00:00:01+08:00');
      await scheduler.runDue();
      let row = await store.getInstance(dbOf(engine.database), id);
      expect(row?.summary).toMatchObject({ phase: 'mobilization', health: 'yellow', overdueCount: 1, escalation: -1 });
      const steps = (await engine.getDefinition('drug-safety-consolidation-action')).content.supervision.escalation;
      // Past the last step's delay every rung has been climbed, in order.
      clock.set(new Date(Date.parse('2023-08-01T00:00:01+08:00') + (steps.at(-1)!.after.days + 1) * 86_400_000));
      await scheduler.runDue();
      row = await store.getInstance(dbOf(engine.database), id);
      expect(row?.summary.escalation).toBe(steps.length - 1);
      expect(row?.summary.health).toBe('red');
      const types = (await store.listEvents(dbOf(engine.database), id, 0, 50)).map((e) => `${e.type}${'step' in e.payload ? e.payload.step : ''}`);
      expect(types).toEqual(['PHASE_DUE', ...steps.map((_, i) => `ESCALATE${i}`)]);
    });

    it('fires each deadline once however often the scheduler runs', async () => {
      const scheduler = new Scheduler(engine);
      const before = await count(engine, 'events');
      const report = await scheduler.runDue();
      expect(report.delivered).toBe(0);
      expect(await count(engine, 'events')).toBe(before);
    });
  });
});

forEachDatabase('engine: reports and escalation', (t) => {
  it('cancels the pending escalation of a report once it is filed, and clears the health', async () => {
    const { engine, clock } = await createWorld(t.database, '2024-02-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' });
    const id = await instanceAt(engine, campaignId, '141181001');
    const scheduler = new Scheduler(engine);
    // Monthly progress for February is due by 2024-03-05.
    clock.set('2024-03-06T00:00:01+08:00');
    await scheduler.runDue();
    const overdue = await store.getInstance(dbOf(engine.database), id);
    expect(Object.keys(overdue!.snapshot.context.overdue)).toContain('report:monthly-progress@2024-02');
    const pending = () =>
      query<{ key: string; status: string }>(dbOf(engine.database), sql`select key, status from timers where instance_id = ${id} and key like 'esc:report:monthly-progress@2024-02:%'`);
    expect((await pending()).map((r) => r.status)).toContain('pending');

    await engine.send(id, { type: 'FILE_REPORT', report: 'monthly-progress', period: '2024-02', summary: '补报' }, { actor: 'official' });
    const after = await store.getInstance(dbOf(engine.database), id);
    expect(Object.keys(after!.snapshot.context.overdue)).not.toContain('report:monthly-progress@2024-02');
    expect(after!.snapshot.context.reports['monthly-progress@2024-02']).toMatchObject({ late: true });
    expect((await pending()).every((r) => r.status !== 'pending')).toBe(true);
  });

  it('opens a rectification notice on a township when an inspection finds problems, and closes it back up', async () => {
    const { engine } = await createWorld(t.database, '2024-02-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' });
    const township = await instanceAt(engine, campaignId, '141181001');
    await engine.send(township, { type: 'INSPECT', findings: [{ text: '学校食堂索证索票不全' }], openRectification: { definition: 'canteen-rectification-notice' } }, { actor: 'county-inspector' });
    const notices = (await store.listCampaigns(dbOf(engine.database))).filter((c) => c.originInstanceId === township);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ definitionId: 'canteen-rectification-notice', rootCode: '141181001' });
    expect((await store.listOutbox(dbOf(engine.database), notices[0]!.id)).map((o) => o.kind)).toContain('rectification-opened');

    // The township ticks every item of every unit in scope, the county re-inspects and passes it.
    const notice = await instanceAt(engine, notices[0]!.id, '141181001');
    const def = (await engine.getDefinition('canteen-rectification-notice')).content;
    const units = (await store.getInstance(dbOf(engine.database), notice))!.snapshot.context.units;
    for (const [unit, { kind }] of Object.entries(units))
      for (const item of def.rectification!.checklists.find((c) => c.kind === kind)!.items)
        await engine.send(notice, { type: 'CHECK_ITEM', unit, item: item.id, done: true }, { actor: 'township-official' });
    await engine.send(notice, { type: 'ADVANCE' }, { actor: 'township-official' });
    const closed = await engine.send(notice, { type: 'REVIEW', result: 'pass' }, { actor: 'county-inspector' });
    expect(closed.summary).toMatchObject({ closed: true, health: 'closed', phase: def.final.id });
    const back = (await store.listOutbox(dbOf(engine.database), notices[0]!.id)).find((o) => o.kind === 'notify-parent:closed');
    expect(back?.payload).toMatchObject({ parentId: township });
  });

  it('refuses to open a rectification notice the inspected level cannot run, and writes nothing', async () => {
    const { engine } = await createWorld(t.database, '2024-02-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' });
    const county = await instanceAt(engine, campaignId, '141181');
    const before = await count(engine, 'campaigns');
    const e = await refusal(engine.send(county, { type: 'INSPECT', openRectification: { definition: 'canteen-rectification-notice' } }, { actor: 'city-inspector' }));
    expect(e.code).toBe('invalid');
    expect(await count(engine, 'campaigns')).toBe(before);
  });
});

/** A membership for the consolidation action's roles: every role at its minimum. */
function fillRoles(given: { role: string; name: string }[]): { role: string; name: string }[] {
  const out = [...given];
  if (!out.some((m) => m.role === 'deputy-leader')) out.push({ role: 'deputy-leader', name: '王五' });
  if (!out.some((m) => m.role === 'member')) out.push({ role: 'member', name: '赵六' });
  return out;
}

forEachDatabase('engine: working days', (t) => {
  it('counts escalation delays in China’s working days, over the National Day holiday', async () => {
    const { engine, clock } = await createWorld(t.database, '2024-09-01T00:00:00+08:00');
    // The canteen notice, counted in working days, launched so that its deadline falls on the eve of National Day.
    const def = readDefinition('canteen-rectification-notice') as { id: string; dayCount: string; rectification: { deadline: { days: number } }; supervision?: unknown };
    const working = { ...def, id: 'canteen-working-days', dayCount: 'working', supervision: { escalation: [{ step: 'remind', title: { zh: '催办', en: 'Remind' }, after: { days: 1 } }] } };
    await engine.publishDefinition(working, 'admin');
    // 5 working days from Tuesday 2024-09-24: 25, 26, 27, 29 (a make-up working Sunday), 30 → due when 2024-09-30 ends.
    const { campaignId } = await engine.launch({ definitionId: 'canteen-working-days', rootCode: '141181001', launchDate: '2024-09-24', actor: 'admin' });
    const timers = await query<{ key: string; due_at: string }>(dbOf(engine.database), sql`select key, due_at::text as due_at from timers where campaign_id = ${campaignId} and key = 'rectification'`);
    expect(new Date(timers[0]!.due_at).toISOString()).toBe('2024-09-29T16:00:00.000Z');
    const id = await instanceAt(engine, campaignId, '141181001');
    clock.set('2024-10-01T08:00:00+08:00');
    await new Scheduler(engine).runDue();
    // One working day after 2024-10-01 00:00 is 2024-10-08: the holiday runs to 10-07.
    const [remind] = await query<{ due_at: string }>(dbOf(engine.database), sql`select due_at::text as due_at from timers where instance_id = ${id} and key = 'esc:rectification:0'`);
    expect(new Date(remind!.due_at).toISOString()).toBe('2024-10-07T16:00:00.000Z');
  });
});
