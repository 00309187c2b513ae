// The validator: each rule is shown by breaking one thing in a valid definition and
// reading the exact message a writer of definitions (or the CLI) would see.
import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, validateDefinition } from '../../definitions/language/validate.js';
import { LEVELS, type CampaignDefinitionInput } from '../../definitions/language/schema.js';
import { consolidationAction, rectificationNotice, specialRectification, validDefinition } from './fixtures.js';

type Def = CampaignDefinitionInput;

/** Validate the fixture after `change`, and return every issue as the CLI prints it. */
function issuesAfter(change: (def: Def) => void): string[] {
  const def = validDefinition();
  change(def);
  const result = validateDefinition(def);
  return result.ok ? [] : result.issues.map(formatIssue);
}

/** The same, for changes that break the shape (so the definition no longer types). */
function issuesOfRaw(change: (def: Record<string, unknown>) => void): string[] {
  const def = validDefinition() as unknown as Record<string, unknown>;
  change(def);
  const result = validateDefinition(def);
  return result.ok ? [] : result.issues.map(formatIssue);
}

const text = { zh: '文', en: 'text' };
const phase = (def: Def, i: number) => def.phases[i]!;
const lg = (def: Def) => def.leadingGroup!;
const rect = (def: Def) => def.rectification!;

describe('the fixtures', () => {
  it.each([
    ['the small definition', validDefinition],
    ['the special rectification', specialRectification],
    ['the consolidation action', consolidationAction],
    ['the rectification notice', rectificationNotice],
  ])('accepts %s', (_name, make) => {
    const result = validateDefinition(make());
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('fills in the defaults of what a definition leaves out', () => {
    const def = validDefinition();
    delete def.dayCount;
    delete def.permissions;
    delete def.taskGroups;
    const result = validateDefinition(def);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.definition.dayCount).toBe('calendar');
    expect(result.definition.permissions).toEqual({});
    expect(result.definition.taskGroups).toEqual([]);
    expect(result.definition.tasks[0]!.evidence).toEqual([]);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets, names with dots, and odd keys quoted', () => {
    expect(formatPath(['phases', 2, 'window', 'end'])).toBe('phases[2].window.end');
    expect(formatPath(['permissions', 'NOT-AN-EVENT'])).toBe('permissions["NOT-AN-EVENT"]');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('shape errors read as sentences and keep their path', () => {
  it('says a missing field is required', () => {
    expect(issuesOfRaw((d) => delete d.title)).toEqual(['title: is required']);
  });

  it('says which type a field must have and what it got', () => {
    expect(issuesOfRaw((d) => (d.title = 'just a string'))).toEqual(['title: must be an object, not a string']);
    expect(issuesOfRaw((d) => (d.phases = {}))).toEqual(['phases: must be a list, not an object']);
  });

  it('rejects anything but an object as the definition', () => {
    expect(validateDefinition(null)).toEqual({ ok: false, issues: [{ path: [], message: 'must be an object, not null' }] });
  });

  it('names an unknown field', () => {
    expect(issuesOfRaw((d) => (d.colour = 'red'))).toEqual(['(root): unknown field "colour"']);
  });

  it('names a misspelt field and the field it leaves missing', () => {
    const issues = issuesOfRaw((d) => {
      const p = (d.phases as Record<string, unknown>[])[0]!;
      p.windows = p.window;
      delete p.window;
    });
    expect(issues).toEqual(['phases[0].window: is required', 'phases[0]: unknown field "windows"']);
  });

  it('lists the allowed values of an enumeration', () => {
    expect(issuesOfRaw((d) => (d.kind = 'campaign'))).toEqual([
      'kind: must be one of "special-rectification", "consolidation-action", "rectification-notice", "other"',
    ]);
    expect(issuesOfRaw((d) => (d.permissions = { COMMEND: ['mayor'] }))).toEqual([
      'permissions.COMMEND[0]: must be one of "admin", "official", "inspector", "viewer"',
    ]);
  });

  it('says an empty list must not be empty', () => {
    expect(issuesOfRaw((d) => (d.phases = []))).toEqual(['phases: must not be empty']);
  });

  it('gives the bounds of a number', () => {
    expect(issuesAfter((d) => (phase(d, 2).review!.maxRounds = 0))).toEqual(['phases[2].review.maxRounds: must be at least 1']);
    expect(issuesAfter((d) => (phase(d, 2).review!.maxRounds = 21))).toEqual(['phases[2].review.maxRounds: must be at most 20']);
  });

  it('says a fraction is not a whole number', () => {
    expect(issuesAfter((d) => (d.supervision!.escalation![0]!.after.days = 1.5))).toEqual(['supervision.escalation[0].after.days: must be a whole number']);
  });

  it('keeps the schema’s own message for an identifier', () => {
    expect(issuesAfter((d) => (d.id = 'Mini Campaign'))).toEqual(['id: must be lower-case words joined by hyphens, e.g. "self-inspection"']);
  });

  it('keeps the schema’s own message for missing Chinese text', () => {
    expect(issuesAfter((d) => (d.title = { zh: ' ', en: 'Title' }))).toEqual(['title.zh: needs Chinese text']);
  });

  it('lists the kinds of exit condition when a kind is unknown or missing', () => {
    const kinds = '"leading-group-formed", "report-filed", "tasks-done", "indicator-met", "children-past", "checklists-complete", "risks-closed"';
    expect(issuesOfRaw((d) => ((d.phases as { exit: unknown[] }[])[0]!.exit = [{ kind: 'all-done' }]))).toEqual([`phases[0].exit[0].kind: must be one of ${kinds}`]);
    expect(issuesOfRaw((d) => ((d.phases as { exit: unknown[] }[])[0]!.exit = [{}]))).toEqual([`phases[0].exit[0].kind: is required; one of ${kinds}`]);
  });

  it('says a field of an exit condition is required', () => {
    expect(issuesOfRaw((d) => ((d.phases as { exit: unknown[] }[])[0]!.exit = [{ kind: 'report-filed' }]))).toEqual(['phases[0].exit[0].report: is required']);
  });

  it('explains a date point written as a malformed date', () => {
    expect(issuesAfter((d) => (phase(d, 0).window.start = '2024/02/01'))).toEqual(['phases[0].window.start: must be a real calendar date written YYYY-MM-DD']);
  });

  it('reports the bad field of a date offset at its own path', () => {
    expect(issuesOfRaw((d) => ((d.phases as { window: Record<string, unknown> }[])[0]!.window.end = { months: 'one' }))).toEqual([
      'phases[0].window.end.months: must be a number, not a string',
    ]);
    expect(issuesOfRaw((d) => ((d.phases as { window: Record<string, unknown> }[])[0]!.window.end = { weeks: 1 }))).toEqual([
      'phases[0].window.end: unknown field "weeks"',
    ]);
  });

  it('explains both forms of a date point when the value is neither', () => {
    expect(issuesOfRaw((d) => ((d.phases as { window: Record<string, unknown> }[])[0]!.window.end = 20240229))).toEqual([
      'phases[0].window.end: must be a date written YYYY-MM-DD or an offset from the launch such as { "months": 1, "days": -1 }',
    ]);
  });

  it('reports shape errors only, without semantic rules on a half-parsed definition', () => {
    const issues = issuesOfRaw((d) => {
      delete d.description;
      (d.tasks as { phase: string }[])[0]!.phase = 'nowhere';
    });
    expect(issues).toEqual(['description: is required']);
  });
});

describe('identifiers are unique in each namespace', () => {
  it('rejects a second phase with the same id', () => {
    expect(
      issuesAfter((d) => d.phases.push({ ...phase(d, 2), window: { start: '2024-09-01', end: '2024-09-30' } })),
    ).toEqual(['phases[3].id: duplicate phase id "acceptance" (first used at phases[2])']);
  });

  it('rejects a final state with the id of a phase', () => {
    expect(issuesAfter((d) => (d.final.id = 'acceptance'))).toEqual(['final.id: the final state "acceptance" has the id of a phase']);
  });

  it.each(['running', 'cancelled'])('rejects "%s" as the final state, which the engine uses', (id) => {
    expect(issuesAfter((d) => (d.final.id = id))).toEqual([`final.id: "${id}" is reserved for the engine; choose another id`]);
  });

  it('rejects duplicate units, tasks, task groups, indicators, reports and supervision windows', () => {
    expect(issuesAfter((d) => d.units!.push({ id: 'police', title: text }))).toEqual(['units[2].id: duplicate unit id "police" (first used at units[1])']);
    expect(issuesAfter((d) => d.tasks!.push({ ...d.tasks![0]! }))).toEqual(['tasks[2].id: duplicate task id "inspect-pharmacies" (first used at tasks[0])']);
    expect(issuesAfter((d) => d.taskGroups!.push({ ...d.taskGroups![0]! }))).toEqual(['taskGroups[1].id: duplicate task group id "coordination" (first used at taskGroups[0])']);
    expect(issuesAfter((d) => d.indicators!.push({ ...d.indicators![0]! }))).toEqual(['indicators[1].id: duplicate indicator id "letters" (first used at indicators[0])']);
    expect(issuesAfter((d) => d.reports!.push({ ...d.reports![1]! }))).toEqual(['reports[4].id: duplicate report id "monthly" (first used at reports[1])']);
    expect(issuesAfter((d) => d.supervision!.windows!.push({ ...d.supervision!.windows![0]!, window: { start: '2024-05-01', end: '2024-05-31' } }))).toEqual([
      'supervision.windows[1].id: duplicate supervision window id "spring" (first used at supervision.windows[0])',
    ]);
  });

  it('rejects duplicate leading-group roles', () => {
    expect(issuesAfter((d) => lg(d).roles.push({ id: 'leader', title: text, min: 0 }))).toEqual([
      'leadingGroup.roles[2].id: duplicate role id "leader" (first used at leadingGroup.roles[0])',
    ]);
  });

  it('rejects a unit named twice in a rectification scope, within a kind or across kinds', () => {
    expect(issuesAfter((d) => rect(d).scope[0]!.units!.push({ id: 'pharmacy-1', title: text }))).toEqual([
      'rectification.scope[0].units[1].id: duplicate unit id "pharmacy-1" (first used at rectification.scope[0].units[0])',
    ]);
    expect(
      issuesAfter((d) => {
        rect(d).scope.push({ kind: 'clinic', title: text, units: [{ id: 'pharmacy-1', title: text }] });
        rect(d).checklists.push({ kind: 'clinic', items: [{ id: 'licence', text }] });
      }),
    ).toEqual(['rectification.scope[1].units[0].id: duplicate unit id "pharmacy-1" (first used at rectification.scope[0].units[0])']);
  });

  it('rejects a checklist item listed twice', () => {
    expect(issuesAfter((d) => rect(d).checklists[0]!.items.push({ id: 'records', text }))).toEqual([
      'rectification.checklists[0].items[2].id: duplicate checklist item id "records" (first used at rectification.checklists[0].items[1])',
    ]);
  });

  it('rejects a risk stage listed twice', () => {
    expect(issuesAfter((d) => (d.riskList!.stages = ['recorded', 'handled', 'recorded']))).toEqual(['riskList.stages[2]: stage "recorded" is listed twice']);
  });
});

describe('levels', () => {
  it('rejects a level listed twice', () => {
    expect(issuesAfter((d) => (d.levels.participating = ['county', 'township', 'township']))).toEqual(['levels.participating[2]: level "township" is listed twice']);
  });

  it('wants the levels from the top down', () => {
    expect(issuesAfter((d) => (d.levels.participating = ['township', 'county']))).toEqual([
      `levels.participating[1]: levels must be listed from the top down (${LEVELS.join(', ')})`,
    ]);
  });

  it('wants the launching level to take part', () => {
    expect(issuesAfter((d) => (d.levels.launchedBy = 'city'))).toEqual(['levels.launchedBy: the launching level "city" must take part in the campaign']);
  });

  it('wants the launching level to be the highest participating one', () => {
    expect(issuesAfter((d) => (d.levels.launchedBy = 'township'))).toEqual(['levels.launchedBy: the launching level must be the highest participating level']);
  });

  it('rejects a task, indicator or report at a level that does not take part', () => {
    const notTakingPart = 'level "village" does not take part in the campaign (levels.participating)';
    expect(issuesAfter((d) => (d.tasks![1]!.levels = ['village']))).toEqual([`tasks[1].levels[0]: ${notTakingPart}`]);
    expect(issuesAfter((d) => (d.indicators![0]!.levels = ['county', 'village']))).toEqual([`indicators[0].levels[1]: ${notTakingPart}`]);
    expect(issuesAfter((d) => (d.reports![0]!.filedBy = ['village']))).toEqual([`reports[0].filedBy[0]: ${notTakingPart}`]);
  });
});

describe('phase windows', () => {
  it('rejects a window that ends before it starts', () => {
    expect(issuesAfter((d) => (phase(d, 2).window = { start: '2024-08-31', end: '2024-07-01' }))).toEqual(['phases[2].window.end: ends before phases[2].window.start']);
  });

  it('rejects a phase that starts before the previous one starts', () => {
    expect(issuesAfter((d) => (phase(d, 1).window.start = '2024-01-15'))).toEqual([
      'phases[1].window.start: starts before the previous phase "mobilization" starts; phases must be in date order',
    ]);
  });

  it('rejects a phase that ends before the previous one ends', () => {
    expect(issuesAfter((d) => (phase(d, 1).window = { start: '2024-02-10', end: '2024-02-20' }))).toEqual([
      'phases[1].window.end: ends before the previous phase "mobilization" ends; phases must be in date order',
    ]);
  });

  it('allows phases that overlap', () => {
    expect(issuesAfter((d) => (phase(d, 1).window.start = '2024-02-15'))).toEqual([]);
  });

  it('orders offsets from the launch as they will be at any launch', () => {
    expect(
      issuesAfter((d) => {
        phase(d, 0).window = { start: { days: 0 }, end: { months: 1, days: -1 } };
        phase(d, 1).window = { start: { months: 1 }, end: { days: 10 } };
        phase(d, 2).window = { start: { months: 2 }, end: { months: 3 } };
        d.reports![0]!.cadence = { kind: 'once', due: { days: 20 } };
        d.supervision!.windows![0]!.window = { start: { months: 1 }, end: { months: 2 } };
      }),
    ).toEqual(['phases[1].window.end: ends before phases[1].window.start', 'phases[1].window.end: ends before the previous phase "mobilization" ends; phases must be in date order']);
  });
});

describe('exit conditions', () => {
  it('needs a leading group for leading-group-formed', () => {
    expect(
      issuesAfter((d) => {
        delete d.leadingGroup;
        d.reports![2]!.to = 'parent';
      }),
    ).toEqual(['phases[0].exit[0]: the definition has no leadingGroup, so it can never be formed']);
  });

  it('needs a known report for report-filed', () => {
    expect(issuesAfter((d) => (phase(d, 0).exit = [{ kind: 'report-filed', report: 'plans' }]))).toEqual(['phases[0].exit[0].report: unknown report "plans"']);
  });

  it('refuses a periodic report for report-filed', () => {
    expect(issuesAfter((d) => (phase(d, 0).exit = [{ kind: 'report-filed', report: 'monthly' }]))).toEqual([
      'phases[0].exit[0].report: report "monthly" is periodic; an exit condition needs a report filed once or at phase end',
    ]);
  });

  it('needs known tasks for tasks-done', () => {
    expect(issuesAfter((d) => (phase(d, 1).exit = [{ kind: 'tasks-done', tasks: ['inspect-pharmacies', 'inspect-clinics'] }]))).toEqual([
      'phases[1].exit[0].tasks[1]: unknown task "inspect-clinics"',
    ]);
  });

  it('refuses tasks-done naming a task of a later phase', () => {
    expect(issuesAfter((d) => (phase(d, 0).exit = [{ kind: 'tasks-done', tasks: ['county-plan', 'inspect-pharmacies'] }]))).toEqual([
      'phases[0].exit[0].tasks[1]: task "inspect-pharmacies" belongs to a later phase, so this phase could never be left',
    ]);
  });

  it('refuses tasks-done by default in a phase without tasks', () => {
    expect(issuesAfter((d) => phase(d, 2).exit!.push({ kind: 'tasks-done' }))).toEqual([
      'phases[2].exit[1]: phase "acceptance" has no tasks; name the tasks or drop the condition',
    ]);
  });

  it('needs a known indicator for indicator-met', () => {
    expect(issuesAfter((d) => (phase(d, 1).exit = [{ kind: 'indicator-met', indicator: 'letter' }]))).toEqual(['phases[1].exit[0].indicator: unknown indicator "letter"']);
  });

  it('needs a known phase for children-past', () => {
    expect(issuesAfter((d) => (phase(d, 2).exit = [{ kind: 'children-past', phase: 'rectify' }]))).toEqual(['phases[2].exit[0].phase: unknown phase "rectify"']);
  });

  it('needs child jurisdictions for children-past', () => {
    expect(
      issuesAfter((d) => {
        d.levels.participating = ['county'];
        for (const r of d.reports!) r.filedBy = ['county'];
        d.indicators![0]!.levels = ['county'];
      }),
    ).toEqual(['phases[2].exit[0]: only one level takes part, so there are no child jurisdictions']);
  });

  it('needs a rectification for checklists-complete and a risk list for risks-closed', () => {
    expect(
      issuesAfter((d) => {
        delete d.rectification;
        phase(d, 1).exit!.push({ kind: 'checklists-complete' });
      }),
    ).toEqual(['phases[1].exit[2]: the definition has no rectification checklists']);
    expect(
      issuesAfter((d) => {
        delete d.riskList;
        phase(d, 1).exit!.push({ kind: 'risks-closed' });
      }),
    ).toEqual(['phases[1].exit[2]: the definition has no riskList']);
  });
});

describe('reviews', () => {
  it('needs a known phase to return to', () => {
    expect(issuesAfter((d) => (phase(d, 2).review!.returnTo = 'rectify'))).toEqual(['phases[2].review.returnTo: unknown phase "rectify"']);
  });

  it('returns only to this phase or an earlier one', () => {
    expect(
      issuesAfter((d) => (phase(d, 1).review = { title: text, returnTo: 'acceptance', maxRounds: 1 })),
    ).toEqual(['phases[1].review.returnTo: a failed review must return to this phase or an earlier one']);
  });
});

describe('references to units and phases', () => {
  const unknownUnit = (id: string) => `unknown unit "${id}"; declare it under units`;

  it('needs a known phase and known units for a task', () => {
    expect(issuesAfter((d) => (d.tasks![1]!.phase = 'inspection'))).toEqual(['tasks[1].phase: unknown phase "inspection"']);
    expect(issuesAfter((d) => (d.tasks![0]!.leadUnit = 'health'))).toEqual([`tasks[0].leadUnit: ${unknownUnit('health')}`]);
    expect(issuesAfter((d) => (d.tasks![0]!.cooperatingUnits = ['police', 'health']))).toEqual([`tasks[0].cooperatingUnits[1]: ${unknownUnit('health')}`]);
  });

  it('needs known units for a task group', () => {
    expect(
      issuesAfter((d) => {
        d.taskGroups![0]!.lead = 'health';
        d.taskGroups![0]!.members = ['education'];
      }),
    ).toEqual([`taskGroups[0].lead: ${unknownUnit('health')}`, `taskGroups[0].members[0]: ${unknownUnit('education')}`]);
  });

  it('needs known member units for the leading group', () => {
    expect(issuesAfter((d) => lg(d).memberUnits.push('health'))).toEqual([`leadingGroup.memberUnits[2]: ${unknownUnit('health')}`]);
  });

  it('needs the leading group office hosted by a member unit', () => {
    expect(
      issuesAfter((d) => {
        d.units!.push({ id: 'health', title: text });
        lg(d).office.hostUnit = 'health';
      }),
    ).toEqual(['leadingGroup.office.hostUnit: the office must be hosted by a member unit']);
    expect(issuesAfter((d) => (lg(d).office.hostUnit = 'education'))).toEqual([
      `leadingGroup.office.hostUnit: ${unknownUnit('education')}`,
      'leadingGroup.office.hostUnit: the office must be hosted by a member unit',
    ]);
  });

  it('needs the office director to be one of the roles', () => {
    expect(issuesAfter((d) => (lg(d).office.directorRole = 'director'))).toEqual(['leadingGroup.office.directorRole: unknown role "director"']);
  });

  it('rejects a role whose maximum is below its minimum', () => {
    expect(issuesAfter((d) => (lg(d).roles[0]!.min = 2))).toEqual(['leadingGroup.roles[0].max: is less than min (2)']);
  });

  it('needs known phases for a report', () => {
    expect(issuesAfter((d) => (d.reports![1]!.phases = ['rectification', 'inspection']))).toEqual(['reports[1].phases[1]: unknown phase "inspection"']);
    expect(issuesAfter((d) => (d.reports![3]!.cadence = { kind: 'phase-end', phase: 'summary' }))).toEqual(['reports[3].cadence.phase: unknown phase "summary"']);
  });

  it('needs an office for a report to the office', () => {
    expect(
      issuesAfter((d) => {
        delete d.leadingGroup;
        phase(d, 0).exit = [{ kind: 'report-filed', report: 'plan' }];
      }),
    ).toEqual(['reports[2].to: the definition has no leadingGroup, so there is no office to report to']);
  });
});

describe('dates inside the campaign', () => {
  it('rejects a one-off report due outside the campaign', () => {
    expect(issuesAfter((d) => (d.reports![0]!.cadence = { kind: 'once', due: '2024-09-01' }))).toEqual([
      'reports[0].cadence.due: is outside the campaign (2024-02-01 to 2024-08-31)',
    ]);
  });

  it('rejects a supervision window that ends before it starts or lies outside the campaign', () => {
    expect(issuesAfter((d) => (d.supervision!.windows![0]!.window = { start: '2024-04-30', end: '2024-04-01' }))).toEqual([
      'supervision.windows[0].window.end: ends before supervision.windows[0].window.start',
    ]);
    expect(issuesAfter((d) => (d.supervision!.windows![0]!.window = { start: '2024-01-20', end: '2024-09-10' }))).toEqual([
      'supervision.windows[0].window.start: is outside the campaign (2024-02-01 to 2024-08-31)',
      'supervision.windows[0].window.end: is outside the campaign (2024-02-01 to 2024-08-31)',
    ]);
  });
});

describe('supervision windows', () => {
  it('rejects windows that overlap, since the level above inspects in one window at a time', () => {
    expect(
      issuesAfter((d) => d.supervision!.windows!.push({ id: 'summer', title: text, window: { start: '2024-04-30', end: '2024-05-31' } })),
    ).toEqual(['supervision.windows[1].window: overlaps supervision.windows[0] ("spring"); supervision windows take turns']);
    expect(
      issuesAfter((d) => d.supervision!.windows!.push({ id: 'summer', title: text, window: { start: '2024-05-01', end: '2024-05-31' } })),
    ).toEqual([]);
  });
});

describe('supervision escalation', () => {
  it('wants each step to come later than the one before', () => {
    expect(issuesAfter((d) => (d.supervision!.escalation![1]!.after.days = 1))).toEqual([
      "supervision.escalation[1].after.days: must be greater than the previous step's 1 days; escalation delays increase",
    ]);
  });

  it('rejects a step listed twice', () => {
    expect(issuesAfter((d) => (d.supervision!.escalation![2]!.step = 'remind'))).toEqual(['supervision.escalation[2].step: step "remind" is listed twice']);
  });
});

describe('indicators', () => {
  it('rejects a target that can never be met', () => {
    expect(issuesAfter((d) => (d.indicators![0]!.target = { op: '>', percent: 100 }))).toEqual(['indicators[0].target: can never be met: a ratio is at most 100%']);
    expect(issuesAfter((d) => (d.indicators![0]!.target = { op: '<', percent: 0 }))).toEqual(['indicators[0].target: can never be met: a ratio is at least 0%']);
    expect(
      issuesAfter((d) => d.indicators!.push({ kind: 'count', id: 'incidents', title: text, target: { op: '<', value: 0 }, levels: ['county'] })),
    ).toEqual(['indicators[1].target: can never be met: a count is at least 0']);
  });
});

describe('rectification', () => {
  it('needs checklists in a rectification notice', () => {
    expect(
      issuesAfter((d) => {
        d.kind = 'rectification-notice';
        delete d.rectification;
      }),
    ).toEqual(['rectification: a rectification notice needs its checklists']);
  });

  it('rejects a kind of unit listed twice in the scope', () => {
    expect(issuesAfter((d) => rect(d).scope.push({ kind: 'pharmacy', title: text }))).toEqual(['rectification.scope[1].kind: kind "pharmacy" is listed twice']);
  });

  it('needs a checklist for every kind of unit in scope', () => {
    expect(issuesAfter((d) => rect(d).scope.push({ kind: 'clinic', title: text }))).toEqual(['rectification.scope[1].kind: kind "clinic" has no checklist']);
  });

  it('rejects a checklist for a kind not in scope, or a second one for a kind', () => {
    expect(issuesAfter((d) => rect(d).checklists.push({ kind: 'clinic', items: [{ id: 'licence', text }] }))).toEqual([
      'rectification.checklists[1].kind: unknown kind of unit "clinic"; declare it in rectification.scope',
    ]);
    expect(issuesAfter((d) => rect(d).checklists.push({ kind: 'pharmacy', items: [{ id: 'licence', text }] }))).toEqual([
      'rectification.checklists[1].kind: kind "pharmacy" has two checklists',
    ]);
  });
});

describe('permissions', () => {
  it('rejects an unknown event', () => {
    expect(issuesAfter((d) => (d.permissions = { COMMEND: ['admin'], PRAISE: ['admin'] }))).toEqual(['permissions.PRAISE: unknown event type "PRAISE"']);
  });

  it('rejects roles for an event only the engine sends', () => {
    expect(issuesAfter((d) => (d.permissions = { REPORT_DUE: ['admin'] }))).toEqual([
      'permissions.REPORT_DUE: "REPORT_DUE" is sent by the engine\'s timers; no role may send it',
    ]);
  });

  it('allows a system event with no roles', () => {
    expect(issuesAfter((d) => (d.permissions = { ESCALATE: [] }))).toEqual([]);
  });
});
