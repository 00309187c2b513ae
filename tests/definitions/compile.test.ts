// The compiled machine's behaviour, stepped purely with initialTransition/transition:
// what each guard holds back, which effects each step emits, what is kept as a fact of
// lateness, and where a campaign ends.
import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import {
  escalationLevel,
  explainRefusal,
  leadingGroupProblems,
  meetsTarget,
  recordItems,
} from '../../definitions/language/compile.js';
import type { CampaignDefinition, CampaignDefinitionInput } from '../../definitions/language/schema.js';
import { summarize } from '../../engine/core/step.js';
import { consolidationAction, rectificationNotice, specialRectification, validDefinition } from './fixtures.js';
import { AT, calendarFor, compileDefinition, day, ev, Run } from './harness.js';

/** validDefinition's leading group, properly formed: one leader, one liaison per member unit. */
const GROUP = [
  { role: 'leader', name: '王磊' },
  { role: 'liaison', name: '刘继波', unit: 'police' },
  { role: 'liaison', name: '祈美君', unit: 'amr' },
];

const MET = { numerator: 95, denominator: 100 };
const ALL_PAST = (total: number) => ({ total, past: { mobilization: total, rectification: total, acceptance: total } });
/** After validDefinition's last window opens (2024-07-01). */
const JULY = '2024-07-02T09:00:00+08:00';

function run(make: () => CampaignDefinitionInput = validDefinition, level: 'county' | 'township' | 'city' = 'county', launch = '2024-02-01') {
  const { def, machine } = compileDefinition(make());
  return { def, r: new Run(machine, level, '141181', calendarFor(def, launch)) };
}

/** validDefinition at the county, brought into its second phase. */
function inRectification() {
  const { def, r } = run();
  r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
  expect(r.phase).toBe('rectification');
  return { def, r };
}

/** validDefinition at the county, in its reviewed last phase. */
function inAcceptance() {
  const { def, r } = inRectification();
  r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE', {}, JULY));
  expect(r.phase).toBe('acceptance');
  return { def, r };
}

const summary = (def: CampaignDefinition, r: Run) => summarize(def, { status: r.snapshot.status === 'done' ? 'done' : 'active', value: r.snapshot.value, context: r.context });

describe('ADVANCE is held back until the phase’s exit conditions hold', () => {
  it('starts in the first phase with every region in its initial state', () => {
    const { r } = run();
    expect(r.snapshot.value).toEqual({
      running: {
        phase: 'mobilization',
        leadingGroup: 'forming',
        tasks: 'open',
        reporting: 'onTime',
        supervision: { windows: 'closed', escalation: 'clear' },
        checklists: 'open',
        risks: 'allClosed',
      },
    });
    expect(r.context.phase).toBe('mobilization');
  });

  it('waits for the leading group to be formed (leading-group-formed)', () => {
    const { r } = run();
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP }));
    expect(r.region('leadingGroup')).toBe('formed');
    expect(r.can(ev('ADVANCE'))).toBe(true);
  });

  it('waits for the one-off report to be filed (report-filed)', () => {
    const { r } = run();
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    r.send(ev('ADVANCE'));
    expect(r.phase).toBe('rectification');
    expect(r.effects).toEqual([{ type: 'notify-parent', reason: 'phase-entered', detail: 'rectification' }]);
  });

  it('waits for the phase’s tasks at this level (tasks-done)', () => {
    const { r } = inRectification();
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(false);
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(true);
  });

  it('does not wait for a task of the phase that another level carries out', () => {
    const { r } = run(() => {
      const d = validDefinition();
      d.tasks![0]!.levels = ['township'];
      return d;
    });
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(true);
  });

  it('waits for the indicator to meet its target, not merely to be recorded (indicator-met)', () => {
    const { r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(false);
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 94, denominator: 100 } }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(false);
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 19, denominator: 20 } }));
    expect(r.can(ev('ADVANCE', {}, JULY))).toBe(true);
  });

  it('refuses an indicator value of the wrong kind or at a level that does not measure it', () => {
    const { r } = inRectification();
    expect(r.can(ev('RECORD_INDICATOR', { indicator: 'letters', value: true }))).toBe(false);
    expect(r.can(ev('RECORD_INDICATOR', { indicator: 'letters', value: 95 }))).toBe(false);
    expect(run(specialRectification, 'county').r.can(ev('RECORD_INDICATOR', { indicator: 'no-fake-drug-dens', value: true }))).toBe(false);
    expect(run(specialRectification, 'township').r.can(ev('RECORD_INDICATOR', { indicator: 'no-fake-drug-dens', value: true }))).toBe(true);
  });

  it('waits for every child to be past the phase where the definition says so, as the event’s children view says (children-past)', () => {
    const { r } = run(specialRectification, 'county');
    const members = [
      { role: 'leader', name: '左巧' },
      { role: 'deputy', name: '王磊' },
      { role: 'director', name: '贾小怡' },
      ...['amr', 'health', 'police', 'industry'].map((unit, i) => ({ role: 'liaison', name: `联络员${i}`, unit })),
    ];
    const may = '2024-05-02T09:00:00+08:00';
    const aug = '2024-08-02T09:00:00+08:00';
    r.send(ev('FORM_LEADING_GROUP', { members })).send(ev('FILE_REPORT', { report: 'implementation-plan' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'units-self-inspect' })).send(ev('ADVANCE', {}, may));
    r.send(ev('COMPLETE_TASK', { task: 'fake-drugs' }, may)).send(ev('COMPLETE_TASK', { task: 'illegal-ads' }, may));
    r.send(ev('RECORD_INDICATOR', { indicator: 'complaints-handled', value: { numerator: 12, denominator: 12 } }, may));
    expect(r.phase).toBe('concentrated-rectification');
    expect(r.can(ev('ADVANCE', {}, aug))).toBe(false);
    expect(r.can(ev('ADVANCE', { children: { total: 3, past: { 'concentrated-rectification': 2 } } }, aug))).toBe(false);
    expect(r.can(ev('ADVANCE', { children: { total: 3, past: { 'self-inspection': 3 } } }, aug))).toBe(false);
    r.send(ev('ADVANCE', { children: { total: 3, past: { 'concentrated-rectification': 3 } } }, aug));
    expect(r.phase).toBe('summary-acceptance');
  });

  it('applies an exit condition only at the levels it names', () => {
    const make = () => {
      const d = validDefinition();
      d.phases[0]!.exit = [{ kind: 'report-filed', report: 'plan', levels: ['township'] }];
      return d;
    };
    expect(run(make, 'county').r.can(ev('ADVANCE'))).toBe(true);
    expect(run(make, 'township').r.can(ev('ADVANCE'))).toBe(false);
  });

  it('waits for every unit’s checklist and every risk to be closed (checklists-complete, risks-closed)', () => {
    const { r } = run(() => {
      const d = validDefinition();
      d.phases[0]!.exit = [{ kind: 'checklists-complete' }, { kind: 'risks-closed' }];
      return d;
    });
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'licence', done: true }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    expect(r.region('checklists')).toBe('complete');
    expect(r.can(ev('ADVANCE'))).toBe(true);

    r.send(ev('RECORD_RISK', { risk: 'expired-stock', title: '过期药品', assignee: '王磊' }));
    expect(r.region('risks')).toBe('open');
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('ADVANCE_RISK', { risk: 'expired-stock' })).send(ev('ADVANCE_RISK', { risk: 'expired-stock' }));
    expect(r.region('risks')).toBe('allClosed');
    expect(r.can(ev('ADVANCE_RISK', { risk: 'expired-stock' }))).toBe(false);
    expect(r.can(ev('ADVANCE'))).toBe(true);
  });

  it('reopens the checklists when an item is unticked or a unit is added', () => {
    const { r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'licence', done: true })).send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    expect(r.region('checklists')).toBe('complete');
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: false }));
    expect(r.region('checklists')).toBe('open');
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    r.send(ev('ADD_UNIT', { kind: 'pharmacy', unit: 'pharmacy-2', title: '二号药店' }));
    expect(r.region('checklists')).toBe('open');
    expect(r.can(ev('ADD_UNIT', { kind: 'pharmacy', unit: 'pharmacy-2', title: '二号药店' }))).toBe(false);
    expect(r.can(ev('ADD_UNIT', { kind: 'clinic', unit: 'clinic-1', title: '诊所' }))).toBe(false);
    expect(r.can(ev('CHECK_ITEM', { unit: 'pharmacy-2', item: 'hygiene', done: true }))).toBe(false);
    expect(r.can(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }))).toBe(false);
  });

  it('has no ADVANCE in a phase the level above reviews: only the review moves it on', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('ADVANCE', { children: ALL_PAST(2) }, JULY))).toBe(false);
  });
});

describe('phases are calendar periods: waiting for a window is not lateness', () => {
  it('waits for the next window when the work is done early, and moves in when it opens', () => {
    const { def, r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET }));
    r.send(ev('ADVANCE', {}, '2024-05-10T09:00:00+08:00'));
    expect(r.phase).toBe('before:acceptance');
    expect(r.context.waitingFor).toBe('acceptance');
    expect(r.effects).toEqual([
      { type: 'schedule', key: 'open:acceptance', at: day('2024-07-01'), event: { type: 'PHASE_OPEN', phase: 'acceptance' } },
      { type: 'notify-parent', reason: 'waiting', detail: 'acceptance' },
    ]);
    const s = summary(def, r);
    expect(s).toMatchObject({ phase: 'rectification', standing: 'waiting', waitingUntil: '2024-07-01', health: 'green', overdueCount: 0 });
    expect(r.can(ev('PHASE_OPEN', { phase: 'rectification' }))).toBe(false);
    r.send(ev('PHASE_OPEN', { phase: 'acceptance' }, day('2024-07-01')));
    expect(r.phase).toBe('acceptance');
    expect(r.context).toMatchObject({ phase: 'acceptance', phaseSince: day('2024-07-01'), waitingFor: null });
  });

  it('goes straight into the next phase when its window is already open', () => {
    const { r } = inAcceptance();
    expect(r.context.waitingFor).toBeNull();
  });

  it('is not started before the first window opens: it waits, then moves in', () => {
    const { def, r } = run(validDefinition, 'county', '2024-01-20');
    expect(r.phase).toBe('before:mobilization');
    expect(summary(def, r)).toMatchObject({ standing: 'not-started', waitingUntil: '2024-02-01', health: 'green' });
    expect(explainRefusal(def, { status: 'active', value: r.snapshot.value, context: r.context }, ev('ADVANCE'), [])).toEqual([
      { code: 'not-started', phase: 'mobilization', opens: '2024-02-01', message: { zh: '行动尚未开始：「动员部署」2024年2月1日开始', en: 'the campaign has not started: "Mobilization" opens on 2024-02-01' } },
    ]);
    r.send(ev('PHASE_OPEN', { phase: 'mobilization' }, day('2024-02-01')));
    expect(r.phase).toBe('mobilization');
  });

  it('keeps an instance that stays in a phase past its window green: only what is due can be late', () => {
    const { def, r } = run();
    // Nothing was filed or done, and mobilization ended on 2024-02-29; no phase deadline exists at all.
    expect(r.can(ev('REPORT_DUE', { report: 'monthly', period: '2024-03' }))).toBe(false);
    expect(summary(def, r)).toMatchObject({ health: 'green', overdueCount: 0, standing: 'working' });
  });

  it('says why an ADVANCE while waiting is refused: the window and the date it opens', () => {
    const { def, r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE'));
    const reasons = explainRefusal(def, { status: 'active', value: r.snapshot.value, context: r.context }, ev('ADVANCE'), []);
    expect(reasons).toEqual([
      {
        code: 'already-waiting',
        phase: 'acceptance',
        opens: '2024-07-01',
        message: {
          zh: '本阶段工作已完成，正在等待「总结验收」开始（2024年7月1日），届时自动进入',
          en: 'the work of this phase is done; it waits for "Summary and acceptance", which opens on 2024-07-01, and moves in then',
        },
      },
    ]);
  });
});

describe('the leading group', () => {
  const { def } = compileDefinition(validDefinition());
  const special = compileDefinition(specialRectification()).def;
  const en = (list: { en: string }[]) => list.map((p) => p.en);

  it('accepts a membership that fills every role', () => {
    expect(leadingGroupProblems(def, GROUP)).toEqual([]);
  });

  it('counts the holders of a role against its minimum and maximum, in both languages', () => {
    expect(leadingGroupProblems(def, GROUP.slice(1))).toEqual([{ zh: '“组长”需 1 名，现有 0 名', en: 'role "leader" needs 1; got 0' }]);
    expect(en(leadingGroupProblems(def, [...GROUP, { role: 'leader', name: '左巧' }]))).toEqual(['role "leader" needs 1; got 2']);
    expect(en(leadingGroupProblems(special, [{ role: 'leader', name: '左巧' }, { role: 'director', name: '贾小怡' }]).slice(0, 1))).toEqual(['role "deputy" needs 1 or more; got 0']);
  });

  it('counts a per-member-unit role for each member unit', () => {
    expect(leadingGroupProblems(def, GROUP.slice(0, 2))).toEqual([{ zh: '“联络员”每个成员单位需 1 名，市场监管局有 0 名', en: 'role "liaison" needs 1 per member unit; "amr" has 0' }]);
    expect(en(leadingGroupProblems(def, [...GROUP, { role: 'liaison', name: '胥进', unit: 'amr' }]))).toEqual(['role "liaison" needs 1 per member unit; "amr" has 2']);
  });

  it('says when a per-member-unit role is held without naming the unit', () => {
    expect(en(leadingGroupProblems(def, [...GROUP.slice(0, 2), { role: 'liaison', name: '祈美君' }]))).toEqual([
      '"祈美君" holds role "liaison", which is held per member unit, but names no unit',
      'role "liaison" needs 1 per member unit; "amr" has 0',
    ]);
  });

  it('refuses unknown roles and units that are not member units', () => {
    expect(en(leadingGroupProblems(def, [...GROUP, { role: 'secretary', name: '胥进' }, { role: 'leader', name: '左巧', unit: 'health' }]))).toEqual([
      'unknown role "secretary"',
      '"health" is not a member unit',
      'role "leader" needs 1; got 2',
    ]);
  });

  it('forms the group only with a valid membership, and re-forms it the same way', () => {
    const { r } = run();
    expect(r.can(ev('FORM_LEADING_GROUP', { members: GROUP.slice(1) }))).toBe(false);
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP }));
    expect(r.context.leadingGroup).toEqual({ members: GROUP, formedAt: AT });
    const reformed = [{ role: 'leader', name: '左巧' }, ...GROUP.slice(1)];
    r.send(ev('FORM_LEADING_GROUP', { members: reformed }, '2024-03-02T09:00:00+08:00'));
    expect(r.context.leadingGroup).toEqual({ members: reformed, formedAt: '2024-03-02T09:00:00+08:00' });
  });

  it('is formed only at the levels the definition names; elsewhere the condition holds by itself', () => {
    const make = () => {
      const d = validDefinition();
      d.leadingGroup!.levels = ['county'];
      return d;
    };
    const township = run(make, 'township');
    expect(township.r.can(ev('FORM_LEADING_GROUP', { members: GROUP }))).toBe(false);
    township.r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(township.r.can(ev('ADVANCE'))).toBe(true);
    expect(run(make, 'county').r.can(ev('FORM_LEADING_GROUP', { members: GROUP }))).toBe(true);
  });
});

describe('tasks', () => {
  it('cannot be started or completed before their phase', () => {
    const { r } = run();
    expect(r.can(ev('START_TASK', { task: 'inspect-pharmacies' }))).toBe(false);
    expect(r.can(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }))).toBe(false);
    r.send(ev('COMPLETE_TASK', { task: 'county-plan' }));
    expect(r.context.tasks['county-plan']).toEqual({ status: 'done', at: AT, evidence: 0 });
  });

  it('can still be completed in a later phase', () => {
    const { r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'county-plan', evidence: [{ name: '方案.pdf', url: 'https://example.org/plan.pdf' }] }));
    expect(r.context.tasks['county-plan']?.evidence).toBe(1);
  });

  it('starts once, completes once, and is not carried out at another level', () => {
    const { r } = inRectification();
    r.send(ev('START_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('START_TASK', { task: 'inspect-pharmacies' }))).toBe(false);
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }))).toBe(false);
    expect(run(validDefinition, 'township').r.can(ev('COMPLETE_TASK', { task: 'county-plan' }))).toBe(false);
  });

  it('closes the tasks region when every task of the level is done', () => {
    const { r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.region('tasks')).toBe('open');
    r.send(ev('COMPLETE_TASK', { task: 'county-plan' }));
    expect(r.region('tasks')).toBe('done');
  });

  it('falls due only when the definition gives it a date, and keeps how late it was done', () => {
    const make = () => {
      const d = validDefinition();
      d.tasks![1]!.due = 'phase-end';
      return d;
    };
    const { def, r } = run(make);
    expect(r.can(ev('TASK_DUE', { task: 'inspect-pharmacies' }))).toBe(false);
    r.send(ev('TASK_DUE', { task: 'county-plan' }, day('2024-03-01')));
    expect(r.context.due['task:county-plan']).toEqual({ kind: 'task', ref: 'county-plan', dueAt: day('2024-03-01'), doneAt: null, daysLate: null, step: -1 });
    expect(summary(def, r)).toMatchObject({ health: 'yellow', overdueCount: 1 });
    r.send(ev('COMPLETE_TASK', { task: 'county-plan' }, '2024-03-04T10:00:00+08:00'));
    expect(r.context.due['task:county-plan']).toMatchObject({ doneAt: '2024-03-04T10:00:00+08:00', daysLate: 4 });
    expect(summary(def, r)).toMatchObject({ health: 'green', overdueCount: 0, lateCount: 1, daysLate: 4 });
  });
});

describe('reports: due, filed, how late — facts that stay', () => {
  const due = ev('REPORT_DUE', { report: 'plan', period: 'once' }, day('2024-02-21'));

  it('marks an unfiled report overdue when it falls due and schedules the first step of its ladder', () => {
    const { r } = run();
    r.send(due);
    expect(r.region('reporting')).toBe('overdue');
    expect(r.context.due).toEqual({ 'report:plan@once': { kind: 'report', ref: 'plan', period: 'once', dueAt: day('2024-02-21'), doneAt: null, daysLate: null, step: -1 } });
    expect(r.context.escalations).toEqual({ 'report:plan@once': { cause: 'overdue', ladder: 'overdue', since: day('2024-02-21'), step: -1 } });
    expect(r.effects).toEqual([{ type: 'schedule', key: 'esc:report:plan@once:0', at: day('2024-02-22'), event: { type: 'ESCALATE', key: 'report:plan@once', step: 0 } }]);
    expect(r.can(due)).toBe(false);
  });

  it('records a late filing with its days late and closes the escalation', () => {
    const { def, r } = run();
    r.send(due).send(ev('FILE_REPORT', { report: 'plan' }, '2024-02-23T10:00:00+08:00'));
    expect(r.region('reporting')).toBe('onTime');
    expect(r.context.due['report:plan@once']).toMatchObject({ doneAt: '2024-02-23T10:00:00+08:00', daysLate: 3 });
    expect(r.context.reports['plan@once']).toEqual({ filedAt: '2024-02-23T10:00:00+08:00', daysLate: 3 });
    expect(r.context.escalations).toEqual({});
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:report:plan@once:' }]);
    expect(summary(def, r)).toMatchObject({ health: 'green', overdueCount: 0, lateCount: 1, onTimeCount: 0, daysLate: 3 });
  });

  it('keeps a filing on time when it happened before the due date, though recorded after the deadline fired', () => {
    // A paper report handed in on 02-19, entered on 02-26 after the deadline was delivered in a catch-up.
    const { def, r } = run();
    r.send(due).send(ev('FILE_REPORT', { report: 'plan' }, '2024-02-19T15:00:00+08:00'));
    expect(r.context.due['report:plan@once']).toMatchObject({ doneAt: '2024-02-19T15:00:00+08:00', daysLate: 0 });
    expect(summary(def, r)).toMatchObject({ health: 'green', onTimeCount: 1, lateCount: 0 });
  });

  it('keeps a late filing late when it is entered before the deadline was ever delivered', () => {
    const { r } = run();
    r.send(ev('FILE_REPORT', { report: 'plan' }, '2024-02-25T09:00:00+08:00'));
    expect(r.context.due['report:plan@once']).toMatchObject({ dueAt: day('2024-02-21'), daysLate: 5 });
    expect(r.can(due)).toBe(false);
  });

  it('counts days late in working days for a definition that counts them, over a holiday', () => {
    const { r } = run(() => ({ ...validDefinition(), dayCount: 'working' }));
    // Due 2024-02-20 (Tue); filed 02-26 (Mon): 21, 22, 23 and 26 are working days.
    r.send(ev('FILE_REPORT', { report: 'plan' }, '2024-02-26T09:00:00+08:00'));
    expect(r.context.reports['plan@once']?.daysLate).toBe(4);
  });

  it('does not mark a report overdue once it is filed, nor one this level does not file', () => {
    const { r } = run();
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.can(due)).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'plan' }))).toBe(false);
    expect(r.can(ev('REPORT_DUE', { report: 'monthly', period: '2024-03' }))).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'monthly', period: '2024-03' }))).toBe(false);
  });

  it('files a periodic report once per period of its cadence, and only for the campaign’s periods', () => {
    const { r } = run();
    expect(r.can(ev('FILE_REPORT', { report: 'progress' }))).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'progress', period: '2024-03' }))).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'progress', period: '2031-Q1' }))).toBe(false);
    r.send(ev('FILE_REPORT', { report: 'progress', period: '2024-Q1' }));
    expect(r.can(ev('FILE_REPORT', { report: 'progress', period: '2024-Q1' }))).toBe(false);
    r.send(ev('FILE_REPORT', { report: 'progress', period: '2024-Q2' }));
    expect(Object.keys(r.context.reports)).toEqual(['progress@2024-Q1', 'progress@2024-Q2']);
  });

  it('names the periods a report allows when one outside them is filed', () => {
    const { def, r } = run(validDefinition, 'township');
    const reasons = explainRefusal(def, { status: 'active', value: r.snapshot.value, context: r.context }, ev('FILE_REPORT', { report: 'monthly', period: '2031-01' }), []);
    expect(reasons).toEqual([
      {
        code: 'period-outside',
        report: 'monthly',
        period: '2031-01',
        periods: { first: '2024-03', last: '2024-06' },
        message: { zh: '「月报」没有“2031-01”这一期；可报送的期次为 2024-03 至 2024-06', en: 'report "Monthly report" has no period "2031-01"; its periods are 2024-03 to 2024-06' },
      },
    ]);
  });

  it('files a report due at a phase’s end from that phase on, not before', () => {
    const { r } = run();
    expect(r.can(ev('FILE_REPORT', { report: 'summary' }))).toBe(false);
    const later = inAcceptance().r;
    later.send(ev('FILE_REPORT', { report: 'summary' }, JULY));
    expect(later.context.reports).toHaveProperty(['summary@once']);
  });

  it('lets a phase-end report fall overdue while the instance is still behind, until it reaches the phase and files it', () => {
    const { r } = inRectification();
    r.send(ev('REPORT_DUE', { report: 'summary', period: 'once' }, day('2024-09-01')));
    expect(r.region('reporting')).toBe('overdue');
    expect(r.can(ev('FILE_REPORT', { report: 'summary' }))).toBe(false);
  });
});

describe('escalation by cause', () => {
  const due = ev('REPORT_DUE', { report: 'plan', period: 'once' }, day('2024-02-21'));
  const step = (n: number) => ev('ESCALATE', { key: 'report:plan@once', step: n });

  it('reads the older single escalation list as one ladder for anything overdue, climbing from the due date', () => {
    const { def, r } = run();
    r.send(due);
    expect(r.ladder).toBe('attention');
    expect(summary(def, r).health).toBe('yellow');
    r.send(step(0));
    expect(r.effects).toEqual([
      {
        type: 'notify-parent',
        reason: 'escalated',
        detail: 'report:plan@once',
        data: { cause: 'overdue', ladder: 'overdue', step: 'remind', title: { zh: '催报', en: 'Urge to report' }, since: day('2024-02-21'), at: AT },
      },
      { type: 'schedule', key: 'esc:report:plan@once:1', at: day('2024-02-26'), event: { type: 'ESCALATE', key: 'report:plan@once', step: 1 } },
    ]);
    expect(summary(def, r).health).toBe('yellow');
    r.send(step(1));
    expect(r.ladder).toBe('escalated');
    expect(summary(def, r).health).toBe('red');
    r.send(step(2));
    expect(escalationLevel(r.context)).toBe(2);
    expect(r.context.due['report:plan@once']?.step).toBe(2);
  });

  it('takes no step out of order, beyond the ladder, or for something not open', () => {
    const { r } = run();
    expect(r.can(step(0))).toBe(false);
    r.send(due);
    expect(r.can(step(1))).toBe(false);
    r.send(step(0));
    expect(r.can(step(0))).toBe(false);
    r.send(step(1)).send(step(2));
    expect(r.can(step(3))).toBe(false);
  });

  it('clears when the overdue report is filed, and keeps the step it reached in the record', () => {
    const { def, r } = run();
    r.send(due).send(step(0)).send(step(1));
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.ladder).toBe('clear');
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:report:plan@once:' }]);
    const [item] = recordItems(def, r.context);
    expect(item).toMatchObject({ status: 'late', maxStepTitle: { zh: '通报批评', en: 'Public criticism' }, escalation: null });
  });

  const withLadders = (): CampaignDefinitionInput => {
    const d = validDefinition();
    d.cases = { title: { zh: '案件', en: 'Cases' } };
    d.supervision!.escalation = undefined;
    d.supervision!.ladders = [
      { id: 'late-report', title: { zh: '逾期催报', en: 'Late report' }, on: { kind: 'overdue', items: ['report'] }, steps: [{ id: 'remind', title: { zh: '催报', en: 'Remind' }, after: { days: 2 } }] },
      { id: 'poor-results', title: { zh: '整治不力', en: 'Poor results' }, on: { kind: 'review-failed' }, steps: [{ id: 'criticise', title: { zh: '通报批评', en: 'Public criticism' }, after: { days: 0 } }] },
      { id: 'major', title: { zh: '重大案件', en: 'Major case' }, on: { kind: 'major-case' }, steps: [{ id: 'listed', title: { zh: '挂牌督办', en: 'Listed' }, after: { days: 0 } }] },
    ];
    return d;
  };

  it('answers a late report with its own ladder and nothing else, whose single step leaves it yellow', () => {
    const { def, r } = run(withLadders);
    r.send(due);
    expect(r.effects).toEqual([{ type: 'schedule', key: 'esc:report:plan@once:0', at: day('2024-02-23'), event: { type: 'ESCALATE', key: 'report:plan@once', step: 0 } }]);
    r.send(step(0));
    expect(summary(def, r).health).toBe('yellow');
    // A checklist past its deadline has no ladder in this definition: it is overdue, and nobody is told.
    r.send(ev('RECTIFICATION_DUE', {}, day('2024-02-06')));
    expect(r.context.escalations).not.toHaveProperty('checklist:pharmacy-1@r0');
    expect(r.context.due['checklist:pharmacy-1@r0']?.doneAt).toBeNull();
  });

  it('answers a failed review with public criticism at once, which is red until a review passes', () => {
    const { def, r } = (() => {
      const { def, machine } = compileDefinition(withLadders());
      const r = new Run(machine, 'county', '141181', calendarFor(def, '2024-02-01'));
      r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
      r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE', {}, JULY));
      return { def, r };
    })();
    r.send(ev('REVIEW', { result: 'fail', findings: [{ text: '整治工作不力，效果不明显' }], children: ALL_PAST(2) }, JULY));
    expect(r.context.escalations['review:acceptance']).toEqual({ cause: 'review-failed', ladder: 'poor-results', since: JULY, step: -1 });
    r.send(ev('ESCALATE', { key: 'review:acceptance', step: 0 }, JULY));
    expect(summary(def, r).health).toBe('red');
    expect(recordItems(def, r.context).find((i) => i.key === 'review:acceptance')).toMatchObject({
      kind: 'review',
      status: 'open',
      title: { zh: '抽查验收未通过', en: 'Spot-check failed' },
      escalation: { step: 0, stepTitle: { zh: '通报批评', en: 'Public criticism' } },
    });
  });

  it('lists a major case for supervised handling by the level above, until it is closed', () => {
    const { def, r } = run(withLadders);
    r.send(ev('RECORD_CASE', { case: 'fake-drugs', title: '销售假药案' }));
    expect(r.context.escalations).toEqual({});
    r.send(ev('MARK_CASE_MAJOR', { case: 'fake-drugs' }));
    expect(r.effects).toEqual([{ type: 'schedule', key: 'esc:case:fake-drugs:0', at: new Date(AT).toISOString(), event: { type: 'ESCALATE', key: 'case:fake-drugs', step: 0 } }]);
    r.send(ev('ESCALATE', { key: 'case:fake-drugs', step: 0 }));
    expect(r.effects[0]).toMatchObject({ type: 'notify-parent', reason: 'escalated', data: { cause: 'major-case', title: { zh: '挂牌督办', en: 'Listed' } } });
    expect(summary(def, r)).toMatchObject({ casesOpen: 1, majorCases: 1 });
    expect(r.can(ev('MARK_CASE_MAJOR', { case: 'fake-drugs' }))).toBe(false);
    r.send(ev('CLOSE_CASE', { case: 'fake-drugs' }));
    expect(r.context.escalations).toEqual({});
    expect(summary(def, r)).toMatchObject({ casesOpen: 0, majorCases: 1, health: 'green' });
  });

  it('judges a target at its date: met is on time, missed climbs its ladder until it is met, late', () => {
    const make = () => {
      const d = withLadders();
      (d.indicators![0] as { by?: string }).by = '2024-06-30';
      d.supervision!.ladders!.push({ id: 'missed', title: { zh: '未达标', en: 'Target missed' }, on: { kind: 'target-missed' }, steps: [{ id: 'notice', title: { zh: '通报', en: 'Notice' }, after: { days: 0 } }] });
      return d;
    };
    const { def, r } = run(make);
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 80, denominator: 100 } }));
    r.send(ev('TARGET_DUE', { indicator: 'letters' }, day('2024-07-01')));
    expect(r.context.due['target:letters']).toMatchObject({ kind: 'target', doneAt: null });
    expect(r.context.escalations['target:letters']).toMatchObject({ cause: 'target-missed', ladder: 'missed' });
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET }, '2024-07-10T09:00:00+08:00'));
    expect(r.context.due['target:letters']).toMatchObject({ doneAt: '2024-07-10T09:00:00+08:00', daysLate: 10 });
    expect(summary(def, r).health).toBe('green');
  });
});

describe('review by the level above', () => {
  it('waits for the reviewed phase’s own exit conditions before a pass', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('REVIEW', { result: 'pass' }))).toBe(false);
    expect(r.can(ev('REVIEW', { result: 'pass', children: { total: 2, past: { rectification: 1 } } }))).toBe(false);
    expect(r.can(ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }))).toBe(true);
  });

  it('stands awaiting review once its conditions hold', () => {
    const { def, r } = inAcceptance();
    expect(summary(def, r).standing).toBe('working');
    const reviewed = run(() => {
      const d = validDefinition();
      d.phases[2]!.exit = [];
      return d;
    });
    reviewed.r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
    reviewed.r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE', {}, JULY));
    expect(summary(reviewed.def, reviewed.r).standing).toBe('awaiting-review');
  });

  it('needs what the review requires for a pass, and says what is missing', () => {
    const { def, r } = (() => {
      const x = run(() => {
        const d = validDefinition();
        d.phases[2]!.review!.requires = [{ kind: 'report-filed', report: 'summary' }];
        return d;
      });
      x.r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
      x.r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE', {}, JULY));
      return x;
    })();
    const pass = ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }, JULY);
    expect(r.can(pass)).toBe(false);
    expect(explainRefusal(def, { status: 'active', value: r.snapshot.value, context: r.context }, pass, ['REVIEW'])).toEqual([
      { code: 'report-not-filed', report: 'summary', message: { zh: '「工作总结」尚未报送', en: 'report "Work summary" is not filed' } },
    ]);
    r.send(ev('FILE_REPORT', { report: 'summary' }, JULY)).send(pass);
    expect(r.snapshot.status).toBe('done');
  });

  it('is reviewed only at the levels the review names; elsewhere the phase is left by ADVANCE', () => {
    const make = () => {
      const d = validDefinition();
      d.phases[2]!.review!.levels = ['township'];
      return d;
    };
    const { r } = run(make, 'county');
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE', {}, JULY));
    expect(r.can(ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }, JULY))).toBe(false);
    r.send(ev('ADVANCE', { children: ALL_PAST(2) }, JULY));
    expect(r.snapshot.status).toBe('done');
  });

  it('sends a failed review back to the returnTo phase with new deadlines and its findings recorded, and tells the level above', () => {
    const { r } = inAcceptance();
    r.send(ev('REVIEW', { result: 'fail', findings: '台账不全', children: ALL_PAST(2) }, JULY));
    expect(r.phase).toBe('rectification');
    expect(r.context.failedReviews).toBe(1);
    expect(r.context.round).toBe(1);
    expect(r.context.reviews).toEqual([{ phase: 'acceptance', result: 'fail', at: JULY, findings: [{ text: '台账不全' }] }]);
    expect(r.context.units['pharmacy-1']?.dueAt).toBe(day('2024-07-07'));
    expect(r.effects).toEqual([
      { type: 'notify-parent', reason: 'review-failed', detail: 'acceptance', data: { round: 1 } },
      { type: 'schedule', key: 'rectification:r1', at: day('2024-07-07'), event: { type: 'RECTIFICATION_DUE' } },
      { type: 'notify-parent', reason: 'phase-entered', detail: 'rectification' },
    ]);
  });

  it('accepts a failure whatever the exit conditions say, but a pass only when they hold', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('REVIEW', { result: 'fail' }))).toBe(true);
    expect(r.can(ev('REVIEW', { result: 'pass' }))).toBe(false);
  });

  it('reports up after maxRounds failed reviews', () => {
    const { r } = inAcceptance();
    const fail = ev('REVIEW', { result: 'fail', children: ALL_PAST(2) }, JULY);
    r.send(fail).send(ev('ADVANCE', {}, JULY)).send(fail);
    expect(r.context.failedReviews).toBe(2);
    expect(r.effects).toContainEqual({ type: 'notify-parent', reason: 'escalated', detail: 'review:acceptance', data: { cause: 'review-failed', rounds: 2 } });
  });

  it('closes the instance on a pass, resolving a failed review and every pending escalation', () => {
    const { r, def } = inAcceptance();
    const fail = ev('REVIEW', { result: 'fail', children: ALL_PAST(2) }, JULY);
    r.send(fail).send(ev('ADVANCE', {}, JULY)).send(fail).send(ev('ADVANCE', {}, JULY));
    r.send(ev('REPORT_DUE', { report: 'summary', period: 'once' }, day('2024-09-01')));
    r.send(ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }, JULY));
    expect(r.snapshot.value).toBe(def.final.id);
    expect(r.snapshot.status).toBe('done');
    expect(r.context.failedReviews).toBe(0);
    expect(r.context.escalations).toEqual({});
    // The failed reviews had no ladder here; the summary's overdue escalation stops with the close.
    expect(r.effects).toEqual([
      { type: 'cancel', keyPrefix: 'esc:' },
      { type: 'notify-parent', reason: 'closed', detail: 'closed' },
    ]);
    // The unfiled summary stays a fact of the record: closing does not erase it.
    expect(r.context.due['report:summary@once']?.doneAt).toBeNull();
  });
});

describe('cancelling', () => {
  it('goes to cancelled, cancels pending escalations and accepts nothing afterwards', () => {
    const { def, r } = run();
    r.send(ev('REPORT_DUE', { report: 'plan', period: 'once' }, day('2024-02-21')));
    r.send(ev('CANCEL', { reason: '上级撤销' }));
    expect(r.snapshot.value).toBe('cancelled');
    expect(r.snapshot.status).toBe('done');
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:' }]);
    const later = [
      ev('FORM_LEADING_GROUP', { members: GROUP }),
      ev('FILE_REPORT', { report: 'plan' }),
      ev('ADVANCE'),
      ev('ESCALATE', { key: 'report:plan@once', step: 0 }),
      ev('COMMEND', { note: '表彰' }),
      ev('CANCEL', { reason: 'again' }),
    ];
    for (const e of later) {
      expect(r.can(e), e.type).toBe(false);
      r.force(e);
      expect(r.snapshot.value).toBe('cancelled');
      expect(r.effects).toEqual([]);
    }
    expect(explainRefusal(def, { status: 'done', value: 'cancelled', context: r.context }, ev('ADVANCE'), [])).toEqual([
      { code: 'cancelled', message: { zh: '本实例已取消，不再接受事件', en: 'the instance is cancelled and takes no more events' } },
    ]);
  });
});

describe('rectification: every unit its own deadline', () => {
  it('suspends the business of a unit whose licence item is open at its deadline, and marks its checklist overdue', () => {
    const { def, r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    r.send(ev('RECTIFICATION_DUE', {}, day('2024-02-06')));
    expect(r.effects).toEqual([
      { type: 'schedule', key: 'esc:checklist:pharmacy-1@r0:0', at: day('2024-02-07'), event: { type: 'ESCALATE', key: 'checklist:pharmacy-1@r0', step: 0 } },
      { type: 'suspend-business', unit: 'pharmacy-1', unitTitle: '一号药店', item: 'licence' },
    ]);
    expect(recordItems(def, r.context)[0]).toMatchObject({ kind: 'checklist', title: { zh: '一号药店整改清单', en: 'checklist of 一号药店' }, status: 'overdue' });
    expect(r.can(ev('RECTIFICATION_DUE', {}, day('2024-02-06')))).toBe(false);
  });

  it('suspends nobody when only items without onOverdue are open, and records the unit done late when it finishes', () => {
    const { r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'licence', done: true }));
    r.send(ev('RECTIFICATION_DUE', {}, day('2024-02-06')));
    expect(r.effects.map((e) => e.type)).toEqual(['schedule']);
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }, '2024-02-08T09:00:00+08:00'));
    expect(r.context.due['checklist:pharmacy-1@r0']).toMatchObject({ doneAt: '2024-02-08T09:00:00+08:00', daysLate: 3 });
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:checklist:pharmacy-1@r0:' }]);
  });

  it('holds a unit added later to its own deadline from the day it joins', () => {
    const { r } = run(rectificationNotice, 'township', '2024-12-22');
    // Four days from 12-22: 12-22 to 12-25, due when 12-26 begins.
    expect(r.context.units['primary-school']?.dueAt).toBe(day('2024-12-26'));
    r.send(ev('ADD_UNIT', { kind: 'catering', unit: 'noodle-shop', title: '面馆' }, '2024-12-24T10:00:00+08:00'));
    expect(r.context.units['noodle-shop']).toEqual({ kind: 'catering', title: '面馆', addedAt: '2024-12-24T10:00:00+08:00', dueAt: day('2024-12-28') });
    expect(r.effects).toEqual([{ type: 'schedule', key: 'rectification:noodle-shop@r0', at: day('2024-12-28'), event: { type: 'RECTIFICATION_DUE', unit: 'noodle-shop' } }]);
    // The notice's own deadline passes: the units named at the start fall due, the one added later does not yet.
    r.send(ev('RECTIFICATION_DUE', {}, day('2024-12-26')));
    expect(Object.keys(r.context.due).sort()).toEqual(['checklist:central-school@r0', 'checklist:food-office@r0', 'checklist:primary-school@r0']);
    expect(r.effects.filter((e) => e.type === 'suspend-business').map((e) => (e as { unit: string }).unit)).toEqual(['central-school', 'primary-school']);
    r.send(ev('RECTIFICATION_DUE', { unit: 'noodle-shop' }, day('2024-12-28')));
    expect(r.effects.filter((e) => e.type === 'suspend-business')).toEqual([{ type: 'suspend-business', unit: 'noodle-shop', unitTitle: '面馆', item: 'licence' }]);
  });

  it('reports an unlicensed unit past its deadline to the level above as well as suspending it, where the item says so', () => {
    const { r } = run(() => {
      const d = rectificationNotice();
      const item = d.rectification!.checklists.find((c) => c.kind === 'catering')!.items[0]!;
      item.onOverdue = ['suspend-business', 'refer-up'];
      return d;
    }, 'township', '2024-12-22');
    r.send(ev('ADD_UNIT', { kind: 'catering', unit: 'noodle-shop', title: '面馆' }, '2024-12-22T10:00:00+08:00'));
    r.send(ev('RECTIFICATION_DUE', { unit: 'noodle-shop' }, day('2024-12-26')));
    expect(r.effects.slice(1)).toEqual([
      { type: 'suspend-business', unit: 'noodle-shop', unitTitle: '面馆', item: 'licence' },
      { type: 'refer-up', unit: 'noodle-shop', unitTitle: '面馆', item: 'licence', itemText: '许可证', actions: ['suspend-business', 'refer-up'] },
    ]);
  });

  it('carries the inspection’s findings into the notice, with the units it names in scope', () => {
    const { def, machine } = compileDefinition(rectificationNotice());
    const findings = [
      { text: '中心校食堂无进货台账', unit: 'central-school', item: 'purchase-records' },
      { text: '发现一家无证餐馆', unit: { id: 'noodle-shop', kind: 'catering', title: '面馆' }, item: 'licence' },
    ];
    const [s] = initialTransition(machine, { level: 'township', jurisdiction: '500240213', calendar: calendarFor(def, '2024-12-22'), findings });
    expect(s.context.findings).toEqual([
      { text: '中心校食堂无进货台账', unit: 'central-school', item: 'purchase-records' },
      { text: '发现一家无证餐馆', unit: 'noodle-shop', item: 'licence' },
    ]);
    expect(s.context.units['noodle-shop']).toEqual({ kind: 'catering', title: '面馆', addedAt: day('2024-12-22'), dueAt: day('2024-12-26') });
  });
});

describe('supervision windows and inspections', () => {
  it('accepts inspections inside and outside the planned supervision windows, opening a notice with the findings', () => {
    const { r } = run(consolidationAction, 'county', '2023-07-01');
    const findings = [{ text: '台账缺失', unit: { id: 'canteen-1', kind: 'school-canteen', title: '一小食堂' } }];
    const inspect = ev('INSPECT', { findings, openRectification: { definition: 'canteen-rectification-notice', start: '2024-03-02' } });
    r.send(inspect);
    expect(r.effects).toEqual([{ type: 'open-rectification', definition: 'canteen-rectification-notice', start: '2024-03-02', findings }]);
    r.send(ev('SUPERVISION_OPEN', { window: 'first-round' })).send(inspect);
    expect(r.context.inspections).toBe(2);
  });

  it('opens and closes only the definition’s own windows', () => {
    const { r } = run(consolidationAction, 'county', '2023-07-01');
    expect(r.can(ev('SUPERVISION_OPEN', { window: 'third-round' }))).toBe(false);
    r.send(ev('SUPERVISION_OPEN', { window: 'second-round' }));
    expect(r.can(ev('SUPERVISION_CLOSE', { window: 'third-round' }))).toBe(false);
  });

  it('accepts inspections at any time when the definition has no supervision windows', () => {
    const { r } = run(rectificationNotice, 'township', '2024-12-22');
    r.send(ev('INSPECT'));
    expect(r.context.inspections).toBe(1);
    expect(r.effects).toEqual([]);
  });

  it('counts commendations', () => {
    const { r } = run();
    r.send(ev('COMMEND', { note: '表现突出' })).send(ev('COMMEND', { note: '再次表彰' }));
    expect(r.context.commendations).toBe(2);
  });
});

describe('targets', () => {
  const { def } = compileDefinition(specialRectification());
  const [ratio, yesNo] = def.indicators as [(typeof def.indicators)[number], (typeof def.indicators)[number]];

  it('compares a ratio in whole numbers, so 100% means every one', () => {
    expect(meetsTarget(ratio, { numerator: 12, denominator: 12 })).toBe(true);
    expect(meetsTarget(ratio, { numerator: 11, denominator: 12 })).toBe(false);
    expect(meetsTarget(ratio, undefined)).toBe(false);
  });

  it('meets a yes-no target only with the value asked for', () => {
    expect(meetsTarget(yesNo, true)).toBe(true);
    expect(meetsTarget(yesNo, false)).toBe(false);
    expect(meetsTarget(yesNo, 1)).toBe(false);
  });
});

describe('every refusal names its reason, structured and in both languages', () => {
  const refusal = (def: CampaignDefinition, r: Run, e: ReturnType<typeof ev>) =>
    explainRefusal(def, { status: r.snapshot.status === 'done' ? 'done' : 'active', value: r.snapshot.value, context: r.context }, e, []);

  it('names every exit condition that does not hold, with its object', () => {
    const { def, r } = inRectification();
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 6, denominator: 7 } }));
    expect(refusal(def, r, ev('ADVANCE', {}, JULY))).toEqual([
      { code: 'tasks-open', tasks: ['inspect-pharmacies'], message: { zh: '任务未完成：「检查药店」', en: 'tasks not done: "Inspect pharmacies"' } },
      {
        code: 'indicator-below-target',
        indicator: 'letters',
        value: '85.71%',
        target: '≥ 95%',
        message: { zh: '指标「责任书签订率」为 85.71%，未达到目标 ≥ 95%', en: 'indicator "Responsibility letters signed" is 85.71%, short of its target ≥ 95%' },
      },
    ]);
  });

  it('names the leading group, the report and the open checklist items', () => {
    const { def, r } = run(() => {
      const d = validDefinition();
      d.phases[0]!.exit!.push({ kind: 'checklists-complete' });
      return d;
    });
    expect(refusal(def, r, ev('ADVANCE'))).toEqual([
      { code: 'leading-group-not-formed', message: { zh: '「领导小组」尚未成立', en: '"Leading group" is not formed' } },
      { code: 'report-not-filed', report: 'plan', message: { zh: '「实施方案」尚未报送', en: 'report "Implementation plan" is not filed' } },
      {
        code: 'checklist-open',
        items: [
          { unit: 'pharmacy-1', item: 'licence' },
          { unit: 'pharmacy-1', item: 'records' },
        ],
        message: { zh: '整改清单还有 2 项未完成：「一号药店：证照有效」、「一号药店：购进记录」', en: '2 checklist items are still open: "一号药店: Licence valid", "一号药店: Purchase records"' },
      },
    ]);
  });

  it('names how many children have not reached the phase', () => {
    const { def, r } = inAcceptance();
    expect(refusal(def, r, ev('REVIEW', { result: 'pass', children: { total: 5, past: { rectification: 3 } } }))).toEqual([
      { code: 'children-not-past', phase: 'rectification', behind: 2, total: 5, message: { zh: '下级 5 个中有 2 个尚未进入「集中整治」', en: '2 of 5 jurisdictions below have not reached "Concentrated rectification"' } },
    ]);
  });

  it('says a reviewed phase ends with the review of the level above, not by ADVANCE', () => {
    const { def, r } = inAcceptance();
    expect(refusal(def, r, ev('ADVANCE', {}, JULY))).toEqual([
      { code: 'reviewed-by-level-above', phase: 'acceptance', message: { zh: '本阶段以上级「抽查验收」结束，不能自行进入下一阶段', en: 'this phase ends with "Spot-check" by the level above; it cannot be left by ADVANCE' } },
    ]);
  });

  it('says why a task cannot be worked on yet', () => {
    const { def, r } = run();
    expect(refusal(def, r, ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }))).toEqual([
      { code: 'task-not-open', task: 'inspect-pharmacies', message: { zh: '任务「检查药店」属于「集中整治」阶段，尚未到该阶段', en: 'task "Inspect pharmacies" belongs to phase "Concentrated rectification", which has not been reached' } },
    ]);
  });
});
