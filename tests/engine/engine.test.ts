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
  let special: number;

  beforeAll(async () => {
    ({ engine, clock } = await createWorld(t.database));
    consolidation = (await engine.launch({ definitionId: 'drug-safety-consolidation-action', rootCode: '1411', launchDate: '2023-07-01', actor: 'admin' })).campaignId;
    // Launched on 2023-07-01 for a start on 2024-02-01: not started until then.
    special = (await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' })).campaignId;
  });

  describe('launch', () => {
    it('creates one instance for 吕梁市, each of its 13 counties and 154 townships, linked parent to child', async () => {
      const rows = await query<{ level: string; n: unknown; orphans: unknown }>(
        dbOf(engine.database),
        sql`select i.level, count(*) as n, count(*) filter (where i.level <> 'city' and (p.id is null or p.jurisdiction_code <> left(i.jurisdiction_code, case i.level when 'county' then 4 else 6 end))) as orphans
            from instances i left join instances p on p.id = i.parent_id where i.campaign_id = ${special} group by i.level`,
      );
      const byLevel = Object.fromEntries(rows.map((r) => [r.level, [Number(r.n), Number(r.orphans)]]));
      expect(byLevel).toEqual({ city: [1, 0], county: [13, 0], township: [154, 0] });
      const xiaoyi = await store.findInstance(dbOf(engine.database), special, '141181');
      expect(xiaoyi?.parentId).toBe(await instanceAt(engine, special, '1411'));
    });

    it('runs the consolidation action at the levels its plan names: the city bureau and its counties', async () => {
      const levels = await query<{ level: string; n: unknown }>(dbOf(engine.database), sql`select level, count(*) as n from instances where campaign_id = ${consolidation} group by level order by level`);
      expect(levels.map((r) => [r.level, Number(r.n)])).toEqual([
        ['city', 1],
        ['county', 13],
      ]);
    });

    it('fixes the dates of the definition and schedules what falls due, but no phase end', async () => {
      const campaign = await engine.campaign(consolidation);
      expect(campaign.dates.phases['key-advancement']).toEqual({ start: '2023-07-01', end: '2024-06-30' });
      const timers = await query<{ key: string; due_at: string }>(dbOf(engine.database), sql`select key, due_at::text as due_at from timers where campaign_id = ${consolidation} order by due_at, key`);
      expect(timers.map((x) => x.key)).toContain('supervision:supervision-research-2023:open');
      expect(timers.filter((x) => x.key.startsWith('phase:'))).toEqual([]);
      // The mobilization tasks are due by the end of their phase: when 2023-08-01 begins in Asia/Shanghai.
      const due = timers.find((x) => x.key === 'task:mobilization-meeting')!;
      expect(new Date(due.due_at).toISOString()).toBe('2023-07-31T16:00:00.000Z');
    });

    it('leaves a campaign launched ahead of its first window not started, and starts it when the window opens', async () => {
      const county = await store.findInstance(dbOf(engine.database), special, '141181');
      expect(county?.summary).toMatchObject({ standing: 'not-started', waitingUntil: '2024-02-01', health: 'green' });
      const e = await refusal(engine.send(county!.id, { type: 'ADVANCE' }, { actor: 'official' }));
      expect(e.details.reasons).toEqual([
        { code: 'not-started', phase: 'mobilization', opens: '2024-02-01', message: { zh: '行动尚未开始：「动员部署」2024年2月1日开始', en: 'the campaign has not started: "Mobilization" opens on 2024-02-01' } },
      ]);
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
    it('refuses an event the state does not handle with its reason, naming the events it does, and changes nothing', async () => {
      const id = await instanceAt(engine, consolidation, '141181');
      const before = await store.getInstance(dbOf(engine.database), id);
      const e = await refusal(engine.send(id, { type: 'REVIEW', result: 'pass' }, { actor: 'x' }));
      expect(e.code).toBe('event_not_accepted');
      expect(e.details.allowed).toEqual(expect.arrayContaining(['FILE_REPORT', 'COMPLETE_TASK']));
      expect(e.details.allowed).not.toContain('REVIEW');
      expect(e.details.reasons).toEqual([{ code: 'no-review-here', message: { zh: '「动员部署」阶段在本级没有验收或复查', en: 'phase "Mobilization" has no review at this level' } }]);
      expect(e.message).toBe('REVIEW is not accepted: phase "Mobilization" has no review at this level');
      expect((await store.getInstance(dbOf(engine.database), id))?.version).toBe(before?.version);
    });

    it('says which exit conditions hold an ADVANCE back, each with its object', async () => {
      const id = await instanceAt(engine, consolidation, '141182');
      const e = await refusal(engine.send(id, { type: 'ADVANCE' }, { actor: 'official' }));
      expect(e.details.reasons).toEqual([
        expect.objectContaining({ code: 'tasks-open', tasks: ['mobilization-meeting', 'refine-work-plan'] }),
      ]);
      expect((e.details.message as { zh: string }).zh).toBe('ADVANCE 未被接受：任务未完成：「召开药品安全巩固提升行动动员部署会」、「细化工作方案，研究推动巩固提升行动的具体措施」');
    });

    it('reports every payload issue with its path', async () => {
      const id = await instanceAt(engine, consolidation, '141181');
      const e = await refusal(engine.send(id, { type: 'FILE_REPORT', report: 42, extra: true }, { actor: 'x' }));
      expect(e.code).toBe('invalid');
      const paths = (e.details.issues as { path: unknown[] }[]).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['report']));
    });

    it('refuses a report period outside the campaign at `period`, naming the periods it has', async () => {
      const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2023-07-01', actor: 'admin' });
      const id = await instanceAt(engine, campaignId, '141181');
      const before = (await store.getInstance(dbOf(engine.database), id))!.version;
      const e = await refusal(engine.send(id, { type: 'FILE_REPORT', report: 'monthly-progress', period: '2031-01' }, { actor: 'official' }));
      expect(e.code).toBe('invalid');
      expect(e.details.issues).toEqual([
        {
          path: ['period'],
          message: 'report "Monthly progress of the rectification (to the level above by the 5th)" has no period "2031-01"; its periods are 2023-07 to 2024-02',
          zh: '「整治进展情况（每月5日前上报上级）」没有“2031-01”这一期；可报送的期次为 2023-07 至 2024-02',
        },
      ]);
      expect((await store.getInstance(dbOf(engine.database), id))!.version).toBe(before);
    });

    it('does not let a caller send the engine timers’ events', async () => {
      const id = await instanceAt(engine, consolidation, '141181');
      expect((await refusal(engine.send(id, { type: 'PHASE_OPEN', phase: 'mobilization' }, { actor: 'x' }))).code).toBe('forbidden');
    });

    it('returns the first result for a retried idempotency key and writes one event', async () => {
      const id = await instanceAt(engine, consolidation, '1411');
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

    it('forms the consolidation action’s one leading group at the city bureau only', async () => {
      const county = await instanceAt(engine, consolidation, '141121');
      const e = await refusal(engine.send(county, { type: 'FORM_LEADING_GROUP', members: fillRoles([{ role: 'leader', name: '张三' }, { role: 'office-director', name: '李四' }]) }, { actor: 'official' }));
      expect(e.details.reasons).toEqual([{ code: 'no-leading-group-here', message: { zh: '本级不成立领导小组', en: 'no leading group is formed at this level' } }]);
    });

    it('refuses a send at a stale version with version_conflict', async () => {
      const id = await instanceAt(engine, consolidation, '141122');
      await engine.send(id, { type: 'COMMEND', note: '表现突出' }, { actor: 'inspector', expectedVersion: 0 });
      const e = await refusal(engine.send(id, { type: 'COMMEND', note: 'again' }, { actor: 'inspector', expectedVersion: 0 }));
      expect(e.code).toBe('version_conflict');
      expect(e.details.version).toBe(1);
    });

    it('lists the events allowed now, without the engine’s own', async () => {
      const id = await instanceAt(engine, consolidation, '141123');
      const detail = await engine.instance(id);
      expect(detail.allowed).toContain('COMPLETE_TASK');
      expect(detail.allowed).not.toContain('PHASE_OPEN');
      expect(detail.deadlines.map((d) => d.key)).toContain('task:mobilization-meeting');
    });

    it('drops from an instance’s deadlines what it has already done, while the others keep it', async () => {
      const [done, other] = [await instanceAt(engine, consolidation, '141125'), await instanceAt(engine, consolidation, '141127')];
      clock.set('2023-07-10T10:00:00+08:00');
      await engine.send(done, { type: 'COMPLETE_TASK', task: 'mobilization-meeting' }, { actor: 'official' });
      expect((await engine.instance(done)).deadlines.map((d) => d.key)).not.toContain('task:mobilization-meeting');
      expect((await engine.instance(other)).deadlines.map((d) => d.key)).toContain('task:mobilization-meeting');
    });

    it('records when an event happened beside when it was recorded, and judges lateness by the first', async () => {
      const id = await instanceAt(engine, consolidation, '141124');
      clock.set('2023-08-03T10:00:00+08:00');
      await new Scheduler(engine).runDue();
      expect((await store.getInstance(dbOf(engine.database), id))!.summary).toMatchObject({ health: 'yellow', overdueCount: 2 });
      // The meeting was held on 07-28 and is entered on 08-03: on time. The plan was refined on 08-02: late by 2 days.
      await engine.send(id, { type: 'COMPLETE_TASK', task: 'mobilization-meeting', occurredAt: '2023-07-28T15:00:00+08:00' }, { actor: 'official' });
      await engine.send(id, { type: 'COMPLETE_TASK', task: 'refine-work-plan', occurredAt: '2023-08-02T09:00:00+08:00' }, { actor: 'official' });
      const row = (await store.getInstance(dbOf(engine.database), id))!;
      expect(row.snapshot.context.due['task:mobilization-meeting']).toMatchObject({ doneAt: '2023-07-28T07:00:00.000Z', daysLate: 0 });
      expect(row.snapshot.context.due['task:refine-work-plan']).toMatchObject({ daysLate: 2 });
      expect(row.summary).toMatchObject({ health: 'green', overdueCount: 0, onTimeCount: 1, lateCount: 1, daysLate: 2 });
      const events = await store.listEvents(dbOf(engine.database), id, 0, 50);
      const done = events.find((e) => e.type === 'COMPLETE_TASK')!;
      expect(done.at).toBe('2023-07-28T07:00:00.000Z');
      expect(done.recordedAt).toBe('2023-08-03T02:00:00.000Z');
    });

    it('refuses a time it could not have happened at, at `occurredAt`', async () => {
      const id = await instanceAt(engine, consolidation, '141125');
      const future = await refusal(engine.send(id, { type: 'COMMEND', note: 'x', occurredAt: '2099-01-01T00:00:00+08:00' }, { actor: 'inspector' }));
      expect(future.details.issues).toEqual([{ path: ['occurredAt'], message: `must not be in the future (now ${engine.now()})` }]);
      const early = await refusal(engine.send(id, { type: 'COMMEND', note: 'x', occurredAt: '2023-06-30T09:00:00+08:00' }, { actor: 'inspector' }));
      expect(early.details.issues).toEqual([{ path: ['occurredAt'], message: "must not be before the campaign's launch (2023-07-01)" }]);
      const bad = await refusal(engine.send(id, { type: 'COMMEND', note: 'x', occurredAt: 'yesterday' }, { actor: 'inspector' }));
      expect(bad.details.issues).toEqual([{ path: ['occurredAt'], message: 'must be a time with its offset, e.g. "2024-03-05T09:30:00+08:00"' }]);
    });
  });

  describe('deadlines', () => {
    it('lets a phase end pass without lateness, and marks only what is due', async () => {
      const id = await instanceAt(engine, consolidation, '141126');
      const scheduler = new Scheduler(engine);
      clock.set('2023-08-04T10:00:00+08:00');
      await scheduler.runDue();
      const row = (await store.getInstance(dbOf(engine.database), id))!;
      // Still in mobilization after its window: that alone is no lateness; its two tasks due at the phase end are.
      expect(row.summary).toMatchObject({ phase: 'mobilization', standing: 'working', health: 'yellow', overdueCount: 2 });
      expect(Object.keys(row.snapshot.context.due).sort()).toEqual(['task:mobilization-meeting', 'task:refine-work-plan']);
      // The office's ladder: a reminder from the city bureau 3 days after the due date (a single step: still yellow).
      const types = (await store.listEvents(dbOf(engine.database), id, 0, 50)).map((e) => `${e.type}${'step' in e.payload ? e.payload.step : ''}`);
      expect(types).toEqual(['TASK_DUE', 'TASK_DUE', 'ESCALATE0', 'ESCALATE0']);
      expect(row.summary.escalation).toBe(0);
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
  it('cancels the pending escalation of a report once it is filed, and keeps how late it was', async () => {
    const { engine, clock } = await createWorld(t.database, '2024-02-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' });
    const id = await instanceAt(engine, campaignId, '141181');
    const scheduler = new Scheduler(engine);
    // Monthly progress for February is due by 2024-03-05.
    clock.set('2024-03-06T00:00:01+08:00');
    await scheduler.runDue();
    const overdue = await store.getInstance(dbOf(engine.database), id);
    expect(overdue!.snapshot.context.due['report:monthly-progress@2024-02']).toMatchObject({ doneAt: null });
    const pending = () =>
      query<{ key: string; status: string }>(dbOf(engine.database), sql`select key, status from timers where instance_id = ${id} and key like 'esc:report:monthly-progress@2024-02:%'`);
    expect((await pending()).map((r) => r.status)).toContain('pending');

    clock.set('2024-03-08T10:00:00+08:00');
    await engine.send(id, { type: 'FILE_REPORT', report: 'monthly-progress', period: '2024-02', summary: '补报' }, { actor: 'official' });
    const after = await store.getInstance(dbOf(engine.database), id);
    expect(after!.snapshot.context.due['report:monthly-progress@2024-02']).toMatchObject({ doneAt: '2024-03-08T02:00:00.000Z', daysLate: 3 });
    expect(after!.snapshot.context.reports['monthly-progress@2024-02']).toMatchObject({ daysLate: 3 });
    expect(after!.summary).toMatchObject({ lateCount: 1, daysLate: 3 });
    expect((await pending()).every((r) => r.status !== 'pending')).toBe(true);
  });

  it('opens a rectification notice from the next day with the inspection’s findings, and closes it and its campaign', async () => {
    const { engine, clock } = await createWorld(t.database, '2024-12-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-12-01', actor: 'admin' });
    const township = await instanceAt(engine, campaignId, '141181001');
    clock.set('2024-12-21T10:00:00+08:00');
    const findings = [
      { text: '中益小学食堂进货台账不全', unit: 'zhongyi-primary-school-canteen', item: 'purchase-records-storage-additives' },
      { text: '发现一家无证经营的餐馆', unit: { id: 'noodle-shop', kind: 'catering-unit', title: '路边面馆' }, item: 'business-licence' },
    ];
    await engine.send(township, { type: 'INSPECT', findings, openRectification: { definition: 'canteen-rectification-notice' } }, { actor: 'county-inspector' });
    const notices = (await store.listCampaigns(dbOf(engine.database))).filter((c) => c.originInstanceId === township);
    expect(notices).toHaveLength(1);
    // Inspected on 12-21, the notice runs from 12-22: 12-22 to 12-26.
    expect(notices[0]).toMatchObject({ definitionId: 'canteen-rectification-notice', rootCode: '141181001', launchDate: '2024-12-22', input: { findings } });
    expect((await store.listOutbox(dbOf(engine.database), notices[0]!.id)).map((o) => o.kind)).toContain('rectification-opened');
    // The inspection's event in the history says which version was opened, from which day.
    const inspection = (await store.listEvents(dbOf(engine.database), township, 0, 50)).find((e) => e.type === 'INSPECT')!;
    expect(inspection.payload).toMatchObject({ openRectification: { definition: 'canteen-rectification-notice', version: notices[0]!.definitionVersion, start: '2024-12-22' } });
    const notice = await instanceAt(engine, notices[0]!.id, '141181001');
    const row = (await store.getInstance(dbOf(engine.database), notice))!;
    expect(row.snapshot.context.findings).toEqual([
      { text: '中益小学食堂进货台账不全', unit: 'zhongyi-primary-school-canteen', item: 'purchase-records-storage-additives' },
      { text: '发现一家无证经营的餐馆', unit: 'noodle-shop', item: 'business-licence' },
    ]);
    expect(row.snapshot.context.units['noodle-shop']).toMatchObject({ kind: 'catering-unit', title: '路边面馆', dueAt: '2024-12-26T16:00:00.000Z' });
    expect(row.summary.standing).toBe('not-started');

    // The notice starts on 12-22; the township ticks every item of every unit, the county re-inspects and passes it.
    clock.set('2024-12-22T09:00:00+08:00');
    await new Scheduler(engine).runDue();
    const def = (await engine.getDefinition('canteen-rectification-notice')).content;
    for (const [unit, { kind }] of Object.entries(row.snapshot.context.units))
      for (const item of def.rectification!.checklists.find((c) => c.kind === kind)!.items)
        await engine.send(notice, { type: 'CHECK_ITEM', unit, item: item.id, done: true }, { actor: 'township-official' });
    await engine.send(notice, { type: 'ADVANCE' }, { actor: 'township-official' });
    const closed = await engine.send(notice, { type: 'REVIEW', result: 'pass', findings: [{ text: '整改到位' }] }, { actor: 'county-inspector' });
    expect(closed.summary).toMatchObject({ closed: true, health: 'closed', phase: def.final.id, onTimeCount: 5, lateCount: 0 });
    const back = (await store.listOutbox(dbOf(engine.database), notices[0]!.id)).find((o) => o.kind === 'notify-parent:closed');
    expect(back?.payload).toMatchObject({ parentId: township });
    // Its only instance is final: the notice is closed, with the time it closed.
    expect(await store.getCampaign(dbOf(engine.database), notices[0]!.id)).toMatchObject({ status: 'closed', closedAt: '2024-12-22T01:00:00.000Z' });
  });

  it('suspends an unlicensed unit past its deadline and reports it to the level above, whose instance shows it', async () => {
    const { engine, clock } = await createWorld(t.database, '2024-12-01T00:00:00+08:00');
    const { campaignId } = await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-12-01', actor: 'admin' });
    const township = await instanceAt(engine, campaignId, '141181001');
    const county = await instanceAt(engine, campaignId, '141181');
    clock.set('2024-12-21T10:00:00+08:00');
    await engine.send(township, { type: 'INSPECT', openRectification: { definition: 'canteen-rectification-notice' } }, { actor: 'county-inspector' });
    const noticeCampaign = (await store.listCampaigns(dbOf(engine.database))).find((c) => c.originInstanceId === township)!;
    const notice = await instanceAt(engine, noticeCampaign.id, '141181001');
    clock.set('2024-12-23T10:00:00+08:00');
    await new Scheduler(engine).runDue();
    // A catering unit found on 12-23 has its own five days: 12-23 to 12-27.
    await engine.send(notice, { type: 'ADD_UNIT', kind: 'catering-unit', unit: 'noodle-shop', title: '路边面馆' }, { actor: 'township-official' });
    await engine.send(notice, { type: 'CHECK_ITEM', unit: 'noodle-shop', item: 'admission-review', done: true }, { actor: 'township-official' });
    clock.set('2024-12-27T10:00:00+08:00');
    await new Scheduler(engine).runDue();
    expect(((await store.getInstance(dbOf(engine.database), notice))!.snapshot.context.due)).not.toHaveProperty(['checklist:noodle-shop@r0']);
    clock.set('2024-12-28T10:00:00+08:00');
    await new Scheduler(engine).runDue();
    const kinds = (await store.listOutbox(dbOf(engine.database), noticeCampaign.id)).map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['suspend-business', 'refer-up']));
    const countyRow = (await store.getInstance(dbOf(engine.database), county))!;
    expect(countyRow.snapshot.context.referrals).toEqual([
      {
        at: '2024-12-27T16:00:00.000Z',
        from: { campaignId: noticeCampaign.id, instanceId: notice, code: '141181001' },
        unit: 'noodle-shop',
        unitTitle: '路边面馆',
        item: 'business-licence',
        itemText: '无餐饮服务单位经营证的责令其限期办理；过期未办经营许可证的，乡食品药品安全办公室发出停业整改通知书，并报上级处理',
        actions: ['suspend-business', 'refer-up'],
      },
    ]);
    expect(countyRow.summary.referrals).toBe(1);
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
    // (The older single escalation list: one ladder for anything overdue.)
    await engine.publishDefinition(working, 'admin');
    // 5 working days from Tuesday 2024-09-24: 25, 26, 27, 29 (a make-up working Sunday), 30 → due when 2024-09-30 ends.
    const { campaignId } = await engine.launch({ definitionId: 'canteen-working-days', rootCode: '141181001', launchDate: '2024-09-24', actor: 'admin' });
    const timers = await query<{ key: string; due_at: string }>(dbOf(engine.database), sql`select key, due_at::text as due_at from timers where campaign_id = ${campaignId} and key = 'rectification'`);
    expect(new Date(timers[0]!.due_at).toISOString()).toBe('2024-09-29T16:00:00.000Z');
    const id = await instanceAt(engine, campaignId, '141181001');
    clock.set('2024-10-01T08:00:00+08:00');
    await new Scheduler(engine).runDue();
    // One working day after 2024-10-01 00:00 is 2024-10-08: the holiday runs to 10-07.
    const [remind] = await query<{ due_at: string }>(
      dbOf(engine.database),
      sql`select due_at::text as due_at from timers where instance_id = ${id} and key = 'esc:checklist:township-food-drug-safety-office@r0:0'`,
    );
    expect(new Date(remind!.due_at).toISOString()).toBe('2024-10-07T16:00:00.000Z');
  });
});
