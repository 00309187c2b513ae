// The compiled machine's behaviour, stepped purely with initialTransition/transition:
// what each guard holds back, which effects each step emits, and where a campaign ends.
import { describe, expect, it } from 'vitest';
import { escalationLevel, leadingGroupProblems, meetsTarget, unmetExitConditions } from '../../definitions/language/compile.js';
import type { CampaignEvent } from '../../definitions/language/events.js';
import type { CampaignDefinition, CampaignDefinitionInput } from '../../definitions/language/schema.js';
import { consolidationAction, rectificationNotice, specialRectification, validDefinition } from './fixtures.js';
import { AT, compileDefinition, ev, Run } from './harness.js';

/** validDefinition's leading group, properly formed: one leader, one liaison per member unit. */
const GROUP = [
  { role: 'leader', name: '王磊' },
  { role: 'liaison', name: '刘继波', unit: 'police' },
  { role: 'liaison', name: '祈美君', unit: 'amr' },
];

const MET = { numerator: 95, denominator: 100 };
const ALL_PAST = (total: number) => ({ total, past: { mobilization: total, rectification: total, acceptance: total } });

function run(make: () => CampaignDefinitionInput = validDefinition, level: 'county' | 'township' = 'county') {
  const { def, machine } = compileDefinition(make());
  return { def, r: new Run(machine, level) };
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
  r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' })).send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET })).send(ev('ADVANCE'));
  expect(r.phase).toBe('acceptance');
  return { def, r };
}

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
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('ADVANCE'))).toBe(true);
  });

  it('does not wait for a task of the phase that another level carries out', () => {
    const { r } = run(() => {
      const d = validDefinition();
      d.tasks![0]!.levels = ['township'];
      return d;
    });
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: MET }));
    expect(r.can(ev('ADVANCE'))).toBe(true);
  });

  it('waits for the indicator to meet its target, not merely to be recorded (indicator-met)', () => {
    const { r } = inRectification();
    r.send(ev('COMPLETE_TASK', { task: 'inspect-pharmacies' }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 94, denominator: 100 } }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('RECORD_INDICATOR', { indicator: 'letters', value: { numerator: 19, denominator: 20 } }));
    expect(r.can(ev('ADVANCE'))).toBe(true);
  });

  it('refuses an indicator value of the wrong kind or at a level that does not measure it', () => {
    const { r } = inRectification();
    expect(r.can(ev('RECORD_INDICATOR', { indicator: 'letters', value: true }))).toBe(false);
    expect(r.can(ev('RECORD_INDICATOR', { indicator: 'letters', value: 95 }))).toBe(false);
    const special = run(specialRectification, 'county').r;
    expect(special.can(ev('RECORD_INDICATOR', { indicator: 'no-fake-drug-dens', value: true }))).toBe(false);
    expect(run(specialRectification, 'township').r.can(ev('RECORD_INDICATOR', { indicator: 'no-fake-drug-dens', value: true }))).toBe(true);
  });

  it('waits for every child to be past the phase, as the event’s children view says (children-past)', () => {
    const { machine } = compileDefinition(specialRectification());
    const r = new Run(machine, 'county');
    const members = [
      { role: 'leader', name: '左巧' },
      { role: 'deputy', name: '王磊' },
      { role: 'director', name: '贾小怡' },
      ...['amr', 'health', 'police', 'industry'].map((unit, i) => ({ role: 'liaison', name: `联络员${i}`, unit })),
    ];
    r.send(ev('FORM_LEADING_GROUP', { members })).send(ev('FILE_REPORT', { report: 'implementation-plan' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'units-self-inspect' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'fake-drugs' })).send(ev('COMPLETE_TASK', { task: 'illegal-ads' }));
    r.send(ev('RECORD_INDICATOR', { indicator: 'complaints-handled', value: { numerator: 12, denominator: 12 } }));
    expect(r.phase).toBe('concentrated-rectification');
    expect(r.can(ev('ADVANCE'))).toBe(false);
    expect(r.can(ev('ADVANCE', { children: { total: 3, past: { 'concentrated-rectification': 2 } } }))).toBe(false);
    expect(r.can(ev('ADVANCE', { children: { total: 3, past: { 'self-inspection': 3 } } }))).toBe(false);
    r.send(ev('ADVANCE', { children: { total: 3, past: { 'concentrated-rectification': 3 } } }));
    expect(r.phase).toBe('summary-acceptance');
  });

  it('needs no children view at the lowest level, which has no children in the campaign', () => {
    const { machine } = compileDefinition(specialRectification());
    const r = new Run(machine, 'township');
    const members = [
      { role: 'leader', name: '乡长' },
      { role: 'deputy', name: '副乡长' },
      { role: 'director', name: '所长' },
      ...['amr', 'health', 'police', 'industry'].map((unit, i) => ({ role: 'liaison', name: `联络员${i}`, unit })),
    ];
    r.send(ev('FORM_LEADING_GROUP', { members })).send(ev('FILE_REPORT', { report: 'implementation-plan' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'units-self-inspect' })).send(ev('ADVANCE'));
    r.send(ev('COMPLETE_TASK', { task: 'fake-drugs' }));
    r.send(ev('RECORD_INDICATOR', { indicator: 'complaints-handled', value: { numerator: 3, denominator: 3 } }));
    r.send(ev('ADVANCE'));
    expect(r.phase).toBe('summary-acceptance');
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
    r.send(ev('ADVANCE_RISK', { risk: 'expired-stock' }));
    expect(r.can(ev('ADVANCE'))).toBe(false);
    r.send(ev('ADVANCE_RISK', { risk: 'expired-stock' }));
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

  it('has no ADVANCE in a reviewed phase: only the review moves it on', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('ADVANCE', { children: ALL_PAST(2) }))).toBe(false);
  });
});

describe('the leading group', () => {
  const { def } = compileDefinition(validDefinition());
  const special = compileDefinition(specialRectification()).def;

  it('accepts a membership that fills every role', () => {
    expect(leadingGroupProblems(def, GROUP)).toEqual([]);
  });

  it('counts the holders of a role against its minimum and maximum', () => {
    expect(leadingGroupProblems(def, GROUP.slice(1))).toEqual(['role "leader" needs 1; got 0']);
    expect(leadingGroupProblems(def, [...GROUP, { role: 'leader', name: '左巧' }])).toEqual(['role "leader" needs 1; got 2']);
    expect(leadingGroupProblems(special, [{ role: 'leader', name: '左巧' }, { role: 'director', name: '贾小怡' }]).slice(0, 1)).toEqual([
      'role "deputy" needs 1 or more; got 0',
    ]);
  });

  it('counts a per-member-unit role for each member unit', () => {
    expect(leadingGroupProblems(def, GROUP.slice(0, 2))).toEqual(['role "liaison" needs 1 per member unit; "amr" has 0']);
    expect(leadingGroupProblems(def, [...GROUP, { role: 'liaison', name: '胥进', unit: 'amr' }])).toEqual(['role "liaison" needs 1 per member unit; "amr" has 2']);
  });

  it('says when a per-member-unit role is held without naming the unit', () => {
    expect(leadingGroupProblems(def, [...GROUP.slice(0, 2), { role: 'liaison', name: '祈美君' }])).toEqual([
      '"祈美君" holds role "liaison", which is held per member unit, but names no unit',
      'role "liaison" needs 1 per member unit; "amr" has 0',
    ]);
  });

  it('refuses unknown roles and units that are not member units', () => {
    expect(leadingGroupProblems(def, [...GROUP, { role: 'secretary', name: '胥进' }, { role: 'leader', name: '左巧', unit: 'health' }])).toEqual([
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
    expect(r.can(ev('FORM_LEADING_GROUP', { members: GROUP.slice(1) }))).toBe(false);
    const reformed = [{ role: 'leader', name: '左巧' }, ...GROUP.slice(1)];
    r.send(ev('FORM_LEADING_GROUP', { members: reformed }, '2024-03-02T09:00:00+08:00'));
    expect(r.context.leadingGroup).toEqual({ members: reformed, formedAt: '2024-03-02T09:00:00+08:00' });
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
});

describe('reports and their deadlines', () => {
  const due = ev('REPORT_DUE', { report: 'plan', period: 'once' }, '2024-02-21T00:00:00+08:00');

  it('marks an unfiled report overdue when it falls due and schedules the first escalation step', () => {
    const { r } = run();
    r.send(due);
    expect(r.region('reporting')).toBe('overdue');
    expect(r.context.overdue).toEqual({ 'report:plan@once': { since: '2024-02-21T00:00:00+08:00', step: -1 } });
    expect(r.effects).toEqual([
      { type: 'schedule', key: 'esc:report:plan@once:0', from: '2024-02-21T00:00:00+08:00', delay: { days: 1 }, event: { type: 'ESCALATE', key: 'report:plan@once', step: 0 } },
    ]);
    expect(r.can(due)).toBe(false);
  });

  it('resolves the overdue report when it is filed, late, and cancels its escalation', () => {
    const { r } = run();
    r.send(due).send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.region('reporting')).toBe('onTime');
    expect(r.context.overdue).toEqual({});
    expect(r.context.reports['plan@once']).toEqual({ filedAt: AT, late: true });
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:report:plan@once:' }]);
  });

  it('does not mark a report overdue once it is filed, nor one this level does not file', () => {
    const { r } = run();
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.context.reports['plan@once']).toEqual({ filedAt: AT, late: false });
    expect(r.can(due)).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'plan' }))).toBe(false);
    expect(r.can(ev('REPORT_DUE', { report: 'monthly', period: '2024-03' }))).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'monthly', period: '2024-03' }))).toBe(false);
  });

  it('files a periodic report once per period of its cadence', () => {
    const { r } = run();
    expect(r.can(ev('FILE_REPORT', { report: 'progress' }))).toBe(false);
    expect(r.can(ev('FILE_REPORT', { report: 'progress', period: '2024-03' }))).toBe(false);
    r.send(ev('FILE_REPORT', { report: 'progress', period: '2024-Q1' }));
    expect(r.can(ev('FILE_REPORT', { report: 'progress', period: '2024-Q1' }))).toBe(false);
    r.send(ev('FILE_REPORT', { report: 'progress', period: '2024-Q2' }));
    expect(Object.keys(r.context.reports)).toEqual(['progress@2024-Q1', 'progress@2024-Q2']);
  });

  it('files a report due at a phase’s end from that phase on, not before', () => {
    const { r } = run();
    expect(r.can(ev('FILE_REPORT', { report: 'summary' }))).toBe(false);
    const later = inAcceptance().r;
    later.send(ev('FILE_REPORT', { report: 'summary' }));
    expect(later.context.reports).toHaveProperty(['summary@once']);
  });

  it('lets a phase-end report fall overdue while the instance is still behind, until it reaches the phase and files it', () => {
    const { r } = inRectification();
    r.send(ev('REPORT_DUE', { report: 'summary', period: 'once' }));
    expect(r.region('reporting')).toBe('overdue');
    expect(r.can(ev('FILE_REPORT', { report: 'summary' }))).toBe(false);
  });

  it('marks the current phase overdue when its window ends, and resolves it when the phase is left', () => {
    const { r } = run();
    expect(r.can(ev('PHASE_DUE', { phase: 'rectification' }))).toBe(false);
    r.send(ev('PHASE_DUE', { phase: 'mobilization' }));
    expect(r.context.overdue).toHaveProperty('phase:mobilization');
    r.send(ev('FORM_LEADING_GROUP', { members: GROUP })).send(ev('FILE_REPORT', { report: 'plan' })).send(ev('ADVANCE'));
    expect(r.context.overdue).toEqual({});
    expect(r.effects).toEqual([
      { type: 'cancel', keyPrefix: 'esc:phase:mobilization:' },
      { type: 'notify-parent', reason: 'phase-entered', detail: 'rectification' },
    ]);
  });
});

describe('the escalation ladder', () => {
  const due = ev('REPORT_DUE', { report: 'plan', period: 'once' }, '2024-02-21T00:00:00+08:00');
  const step = (n: number) => ev('ESCALATE', { key: 'report:plan@once', step: n });

  it('climbs remind → criticise → list, scheduling each next step from the due date', () => {
    const { r } = run();
    r.send(due);
    expect(r.ladder).toBe('clear');
    r.send(step(0));
    expect(r.ladder).toBe('remind');
    expect(r.effects).toEqual([
      { type: 'schedule', key: 'esc:report:plan@once:1', from: '2024-02-21T00:00:00+08:00', delay: { days: 5 }, event: { type: 'ESCALATE', key: 'report:plan@once', step: 1 } },
    ]);
    r.send(step(1));
    expect(r.ladder).toBe('criticise');
    r.send(step(2));
    expect(r.ladder).toBe('list');
    expect(r.effects).toEqual([{ type: 'notify-parent', reason: 'escalated', detail: 'report:plan@once' }]);
    expect(escalationLevel(r.context)).toBe(2);
  });

  it('takes no step out of order, beyond the ladder, or for something not overdue', () => {
    const { r } = run();
    expect(r.can(step(0))).toBe(false);
    r.send(due);
    expect(r.can(step(1))).toBe(false);
    r.send(step(0));
    expect(r.can(step(0))).toBe(false);
    r.send(step(1)).send(step(2));
    expect(r.can(step(3))).toBe(false);
  });

  it('goes back to clear when the overdue report is filed', () => {
    const { r } = run();
    r.send(due).send(step(0)).send(step(1)).send(step(2));
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.ladder).toBe('clear');
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:report:plan@once:' }]);
  });

  it('stands at the highest step of anything still overdue', () => {
    const { r } = run();
    r.send(due).send(step(0)).send(step(1));
    r.send(ev('PHASE_DUE', { phase: 'mobilization' })).send(ev('ESCALATE', { key: 'phase:mobilization', step: 0 }));
    expect(r.ladder).toBe('criticise');
    r.send(ev('FILE_REPORT', { report: 'plan' }));
    expect(r.ladder).toBe('remind');
  });
});

describe('review by the level above', () => {
  it('waits for the reviewed phase’s own exit conditions before a verdict', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('REVIEW', { result: 'pass' }))).toBe(false);
    expect(r.can(ev('REVIEW', { result: 'pass', children: { total: 2, past: { rectification: 1 } } }))).toBe(false);
    expect(r.can(ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }))).toBe(true);
  });

  it('sends a failed review back to the returnTo phase with a new deadline, and tells the level above', () => {
    const { r } = inAcceptance();
    r.send(ev('REVIEW', { result: 'fail', findings: '台账不全', children: ALL_PAST(2) }));
    expect(r.phase).toBe('rectification');
    expect(r.context.failedReviews).toBe(1);
    expect(r.effects).toEqual([
      { type: 'notify-parent', reason: 'review-failed', detail: 'acceptance' },
      { type: 'schedule', key: 'rectification:round-2', from: AT, delay: { days: 5 }, event: { type: 'RECTIFICATION_DUE' } },
      { type: 'notify-parent', reason: 'phase-entered', detail: 'rectification' },
    ]);
  });

  it('accepts a failure whatever the exit conditions say, but a pass only when they hold', () => {
    const { r } = inAcceptance();
    expect(r.can(ev('REVIEW', { result: 'fail' }))).toBe(true);
    expect(r.can(ev('REVIEW', { result: 'pass' }))).toBe(false);
  });

  it('escalates after maxRounds failed reviews', () => {
    const { r } = inAcceptance();
    const fail = ev('REVIEW', { result: 'fail', children: ALL_PAST(2) });
    r.send(fail).send(ev('ADVANCE'));
    r.send(fail);
    expect(r.context.failedReviews).toBe(2);
    expect(r.context.overdue).toEqual({ review: { since: AT, step: -1 } });
    expect(r.effects).toEqual([
      { type: 'notify-parent', reason: 'review-failed', detail: 'acceptance' },
      { type: 'schedule', key: 'rectification:round-3', from: AT, delay: { days: 5 }, event: { type: 'RECTIFICATION_DUE' } },
      { type: 'schedule', key: 'esc:review:0', from: AT, delay: { days: 1 }, event: { type: 'ESCALATE', key: 'review', step: 0 } },
      { type: 'notify-parent', reason: 'escalated', detail: 'review' },
      { type: 'notify-parent', reason: 'phase-entered', detail: 'rectification' },
    ]);
    r.send(ev('ESCALATE', { key: 'review', step: 0 }));
    expect(r.ladder).toBe('remind');
  });

  it('closes the campaign on a pass, resolving an escalated failure and every pending escalation', () => {
    const { r, def } = inAcceptance();
    const fail = ev('REVIEW', { result: 'fail', children: ALL_PAST(2) });
    r.send(fail).send(ev('ADVANCE')).send(fail).send(ev('ADVANCE'));
    r.send(ev('REVIEW', { result: 'pass', children: ALL_PAST(2) }));
    expect(r.snapshot.value).toBe(def.final.id);
    expect(r.snapshot.status).toBe('done');
    expect(r.context.failedReviews).toBe(0);
    expect(r.context.overdue).toEqual({});
    expect(r.effects).toEqual([
      { type: 'cancel', keyPrefix: 'esc:review:' },
      { type: 'cancel', keyPrefix: 'esc:' },
      { type: 'notify-parent', reason: 'closed', detail: 'closed' },
    ]);
  });

  it('starts the count of failed rounds again after a pass', () => {
    // Two reviewed phases: failures at the first must not count against the second.
    const { r } = run(() => {
      const d = rectificationNotice();
      d.phases[0]!.review = { title: { zh: '初查', en: 'First check' }, returnTo: 'rectifying', maxRounds: 2 };
      return d;
    }, 'township');
    const tickAll = () => {
      for (const [unit, items] of Object.entries({ 'food-office': ['files', 'meeting'], 'central-school': ['licence', 'hygiene', 'purchase-records'], 'primary-school': ['licence', 'hygiene', 'purchase-records'] }))
        for (const item of items) r.send(ev('CHECK_ITEM', { unit, item, done: true }));
    };
    tickAll();
    r.send(ev('FILE_REPORT', { report: 'rectification-report' }));
    r.send(ev('REVIEW', { result: 'fail' }));
    expect(r.context.failedReviews).toBe(1);
    // The failure reopened every item: the township does them again.
    expect(r.context.checks).toEqual({});
    tickAll();
    r.send(ev('REVIEW', { result: 'pass' }));
    expect(r.phase).toBe('re-inspection');
    expect(r.context.failedReviews).toBe(0);
    r.send(ev('REVIEW', { result: 'fail' }));
    expect(r.context.failedReviews).toBe(1);
    expect(r.context.overdue).toEqual({});
  });
});

describe('cancelling', () => {
  it('goes to cancelled, cancels pending escalations and accepts nothing afterwards', () => {
    const { r } = run();
    r.send(ev('REPORT_DUE', { report: 'plan', period: 'once' }));
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
  });
});

describe('rectification deadlines', () => {
  it('suspends the business of a unit whose licence item is unchecked at the deadline', () => {
    const { r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    r.send(ev('RECTIFICATION_DUE'));
    expect(r.effects).toEqual([
      { type: 'schedule', key: 'esc:rectification:0', from: AT, delay: { days: 1 }, event: { type: 'ESCALATE', key: 'rectification', step: 0 } },
      { type: 'suspend-business', unit: 'pharmacy-1', item: 'licence' },
    ]);
    expect(r.can(ev('RECTIFICATION_DUE'))).toBe(false);
  });

  it('suspends nobody when only items without onOverdue are open, but still marks the rectification overdue', () => {
    const { r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'licence', done: true }));
    r.send(ev('RECTIFICATION_DUE'));
    expect(r.effects.map((e) => e.type)).toEqual(['schedule']);
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    expect(r.context.overdue).toEqual({});
    expect(r.effects).toEqual([{ type: 'cancel', keyPrefix: 'esc:rectification:' }]);
  });

  it('suspends a unit added while rectifying, and every such unit at once', () => {
    const { r } = run(rectificationNotice, 'township');
    r.send(ev('ADD_UNIT', { kind: 'catering', unit: 'noodle-shop', title: '面馆' }));
    r.send(ev('CHECK_ITEM', { unit: 'central-school', item: 'licence', done: true }));
    r.send(ev('RECTIFICATION_DUE'));
    expect(r.effects.filter((e) => e.type === 'suspend-business')).toEqual([
      { type: 'suspend-business', unit: 'primary-school', item: 'licence' },
      { type: 'suspend-business', unit: 'noodle-shop', item: 'licence' },
    ]);
  });

  it('refuses the deadline once every checklist is complete', () => {
    const { r } = run();
    r.send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'licence', done: true })).send(ev('CHECK_ITEM', { unit: 'pharmacy-1', item: 'records', done: true }));
    expect(r.can(ev('RECTIFICATION_DUE'))).toBe(false);
  });
});

describe('supervision windows and inspections', () => {
  it('accepts inspections inside and outside the planned supervision windows', () => {
    const { r } = run(consolidationAction, 'county');
    const inspect = ev('INSPECT', { findings: [{ text: '台账缺失' }], openRectification: { definition: 'canteen-rectification-notice' } });
    r.send(inspect);
    expect(r.effects).toEqual([{ type: 'open-rectification', definition: 'canteen-rectification-notice', findings: ['台账缺失'] }]);
    r.send(ev('SUPERVISION_OPEN', { window: 'first-round' })).send(inspect);
    expect(r.context.inspections).toBe(2);
  });

  it('opens and closes only the definition’s own windows', () => {
    const { r } = run(consolidationAction, 'county');
    expect(r.can(ev('SUPERVISION_OPEN', { window: 'third-round' }))).toBe(false);
    r.send(ev('SUPERVISION_OPEN', { window: 'second-round' }));
    expect(r.can(ev('SUPERVISION_CLOSE', { window: 'third-round' }))).toBe(false);
  });

  it('accepts inspections at any time when the definition has no supervision windows', () => {
    const { r } = run(rectificationNotice, 'township');
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

describe('phase windows', () => {
  it('does not enter a phase before its window opens, and says so', () => {
    const { def, machine } = compileDefinition(specialRectification());
    const second = def.phases[1]!.id;
    const r = new Run(machine, 'township', '141181001', { [second]: '2024-03-01T00:00:00+08:00' });
    const early = '2024-02-20T09:00:00+08:00';
    // Everything the first phase asks for is done, but its successor has not opened.
    for (const e of readyToLeaveFirstPhase(def, early)) r.send(e);
    expect(r.snapshot.can(ev('ADVANCE', {}, early))).toBe(false);
    expect(unmetExitConditions(def, r.context, undefined, early)).toEqual([`phase "${second}" opens at 2024-03-01T00:00:00+08:00`]);
    expect(r.snapshot.can(ev('ADVANCE', {}, '2024-03-01T00:00:00+08:00'))).toBe(true);
  });

  it('names every exit condition that does not hold', () => {
    const { def, machine } = compileDefinition(specialRectification());
    const r = new Run(machine, 'township', '141181001');
    const unmet = unmetExitConditions(def, r.context, undefined, AT);
    expect(unmet.length).toBe(def.phases[0]!.exit.length);
    expect(unmet[0]).toMatch(/leading group is not formed|is not filed|tasks not done/);
  });
});

/** The events that satisfy the first phase's exit conditions of a definition at a level without children. */
function readyToLeaveFirstPhase(def: CampaignDefinition, at: string): CampaignEvent[] {
  const out: CampaignEvent[] = [];
  const phase = def.phases[0]!;
  for (const cond of phase.exit) {
    if (cond.kind === 'leading-group-formed') {
      const members = def.leadingGroup!.roles.flatMap((role) =>
        role.per === 'member-unit'
          ? def.leadingGroup!.memberUnits.flatMap((unit) => Array.from({ length: role.min }, (_, i) => ({ role: role.id, name: `${role.id}${i}`, unit })))
          : Array.from({ length: Math.max(role.min, 1) }, (_, i) => ({ role: role.id, name: `${role.id}${i}` })).slice(0, role.max ?? Infinity),
      );
      out.push(ev('FORM_LEADING_GROUP', { members }, at));
    }
    if (cond.kind === 'report-filed') out.push(ev('FILE_REPORT', { report: cond.report }, at));
    if (cond.kind === 'tasks-done') for (const t of def.tasks.filter((t) => t.phase === phase.id && (!t.levels || t.levels.includes('township')))) out.push(ev('COMPLETE_TASK', { task: t.id }, at));
  }
  return out;
}
