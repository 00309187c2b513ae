// The model-based tests' view of a definition: which events can matter for an
// instance at a level, how to key its snapshots so the state space stays small, and
// an oracle for exit conditions written from the language's documentation.
//
// State space. Completing tasks, ticking checklist items and filing reports change
// only the context, so keying snapshots by `value` alone would merge "one task done"
// with "none done" and hide every phase behind a tasks-done condition. Keying by the
// whole context explodes instead (every subset of 24 tasks, timestamps, counters).
// So snapshots are keyed by their value plus the context that guards read, with no
// timestamps or counters, and progress is offered in one canonical order: the next
// open task of the earliest phase, the next unfiled report, the next unticked item.
// These events commute and none disables another, so the order does not change
// which phases, final states or dead ends can be reached (a partial-order reduction),
// and the states grow with the number of items instead of with their subsets.
import { laddersOf, meetsTarget, RUNNING, type CampaignContext, type LeadingGroupMember } from '../../definitions/language/compile.js';
import { reportPeriods, type CampaignCalendar } from '../../definitions/language/due.js';
import type { CampaignEvent, ChildrenView, IndicatorValue } from '../../definitions/language/events.js';
import type { CampaignDefinition, ExitCondition, Level, Phase } from '../../definitions/language/schema.js';
import { calendarFor, ev, type Snapshot } from './harness.js';

/** The calendar a model runs on: launched on the earliest fixed date the definition names, else 2024-02-01. */
export function modelCalendar(def: CampaignDefinition): CampaignCalendar {
  const fixed = def.phases.flatMap((p) => [p.window.start, p.window.end]).filter((d): d is string => typeof d === 'string').sort();
  return calendarFor(def, fixed[0] ?? '2024-02-01');
}

/** The next participating level below `level`, if any. */
export function childLevel(def: CampaignDefinition, level: Level): Level | undefined {
  return def.levels.participating[def.levels.participating.indexOf(level) + 1];
}

/** What the engine would say of the children when every one of them is past every phase. */
export function allChildrenPast(def: CampaignDefinition, total = 2): ChildrenView {
  const past: Record<string, number> = {};
  for (const p of def.phases) past[p.id] = total;
  past[def.final.id] = total;
  return { total, past };
}

/** A leading group that fills every role with its minimum, one holder per member unit where the role is per unit. */
export function validMembership(def: CampaignDefinition): LeadingGroupMember[] {
  const lg = def.leadingGroup;
  if (!lg) return [];
  const members: LeadingGroupMember[] = [];
  for (const role of lg.roles) {
    const units = role.per === 'member-unit' ? lg.memberUnits : [undefined];
    for (const unit of units) for (let i = 0; i < role.min; i++) members.push({ role: role.id, name: `${role.id}-${unit ?? ''}${i}`, ...(unit ? { unit } : {}) });
  }
  // The event needs at least one member; a group whose roles all have min 0 gets one holder of the first role.
  if (members.length === 0) {
    const role = lg.roles[0]!;
    members.push({ role: role.id, name: `${role.id}-0`, ...(role.per === 'member-unit' ? { unit: lg.memberUnits[0]! } : {}) });
  }
  return members;
}

/** The first period of a report in the model's calendar. */
export function periodOf(def: CampaignDefinition, report: CampaignDefinition['reports'][number]): string {
  return reportPeriods(def, report, modelCalendar(def))[0]?.period ?? 'once';
}

/**
 * A value that meets an indicator's target and one that does not (undefined when
 * every value meets it), picked from a few candidates around the target.
 */
export function indicatorValues(indicator: CampaignDefinition['indicators'][number]): { meet: IndicatorValue | undefined; miss: IndicatorValue | undefined } {
  let candidates: IndicatorValue[];
  if (indicator.kind === 'yes-no') candidates = [true, false];
  else if (indicator.kind === 'count') {
    const v = indicator.target.value;
    candidates = [0, v - 1, v, v + 1].filter((n) => n >= 0);
  } else {
    // Hundredths of a percent, so a target such as 95.5% has exact values either side.
    const p = indicator.target.percent * 100;
    candidates = [0, Math.floor(p) - 1, Math.floor(p), Math.ceil(p), Math.ceil(p) + 1, 10000]
      .filter((n) => n >= 0 && n <= 10000)
      .map((numerator) => ({ numerator, denominator: 10000 }));
  }
  return { meet: candidates.find((c) => meetsTarget(indicator, c)), miss: candidates.find((c) => !meetsTarget(indicator, c)) };
}

function conditionsOf(def: CampaignDefinition): ExitCondition[] {
  return def.phases.flatMap((p) => [...p.exit, ...(p.review?.requires ?? [])]);
}

/** Tasks carried out at a level, in phase order (stable within a phase). */
function tasksAt(def: CampaignDefinition, level: Level) {
  const phaseIndex = new Map(def.phases.map((p, i) => [p.id, i]));
  return def.tasks
    .filter((t) => !t.levels || t.levels.includes(level))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (phaseIndex.get(a.t.phase) ?? 0) - (phaseIndex.get(b.t.phase) ?? 0) || a.i - b.i)
    .map(({ t }) => t);
}

/** The units a rectification model works with: the named ones and one added per kind. */
function addedUnits(def: CampaignDefinition) {
  return (def.rectification?.scope ?? []).map((s) => ({ kind: s.kind, unit: `added-${s.kind}`, title: `新增${s.kind}` }));
}

/**
 * The events of the progress model for a definition and a level: what moves an
 * instance through its phases, plus what can hold it up (deadlines passing, a
 * failed review, a cancellation). Given a snapshot, it offers each kind of
 * progress once, in canonical order (see the module comment).
 */
export function progressEvents(def: CampaignDefinition, level: Level): (s: Snapshot) => CampaignEvent[] {
  const children = childLevel(def, level) ? allChildrenPast(def) : undefined;
  const withChildren = children ? { children } : {};
  const members = validMembership(def);
  const tasks = tasksAt(def, level);
  const exitReports = new Set(conditionsOf(def).flatMap((c) => (c.kind === 'report-filed' ? [c.report] : [])));
  // In the order they open: a report due at a phase's end cannot be filed before that phase.
  const phaseIndex = new Map(def.phases.map((p, i) => [p.id, i]));
  const opensAt = (r: CampaignDefinition['reports'][number]) => (r.cadence.kind === 'phase-end' ? (phaseIndex.get(r.cadence.phase) ?? 0) : 0);
  const reports = def.reports
    .filter((r) => r.filedBy.includes(level) && exitReports.has(r.id))
    .sort((a, b) => opensAt(a) - opensAt(b));
  const exitIndicators = new Set(conditionsOf(def).flatMap((c) => (c.kind === 'indicator-met' ? [c.indicator] : [])));
  const indicators = def.indicators.filter((i) => i.levels.includes(level) && exitIndicators.has(i.id));
  const checklist = new Map((def.rectification?.checklists ?? []).map((c) => [c.kind, c.items]));
  const added = addedUnits(def);
  const riskStages = def.riskList?.stages.length ?? 0;

  return (s) => {
    const ctx = s.context;
    const out: CampaignEvent[] = [];
    if (s.status !== 'active') return out;
    if (def.leadingGroup && (!def.leadingGroup.levels || def.leadingGroup.levels.includes(level)) && !ctx.leadingGroup) out.push(ev('FORM_LEADING_GROUP', { members }));

    const task = tasks.find((t) => ctx.tasks[t.id]?.status !== 'done');
    if (task) out.push(ev('COMPLETE_TASK', { task: task.id }));

    const report = reports.find((r) => !(`${r.id}@once` in ctx.reports));
    if (report) {
      out.push(ev('FILE_REPORT', { report: report.id }));
      if (!(`report:${report.id}@once` in ctx.due)) out.push(ev('REPORT_DUE', { report: report.id, period: 'once' }));
    }

    const indicator = indicators.find((i) => !meetsTarget(i, ctx.indicators[i.id]));
    if (indicator) {
      const { meet, miss } = indicatorValues(indicator);
      if (meet !== undefined) out.push(ev('RECORD_INDICATOR', { indicator: indicator.id, value: meet }));
      if (miss !== undefined && ctx.indicators[indicator.id] === undefined) out.push(ev('RECORD_INDICATOR', { indicator: indicator.id, value: miss }));
    }

    if (def.rectification) {
      const toAdd = added.find((a) => !(a.unit in ctx.units));
      if (toAdd) out.push(ev('ADD_UNIT', toAdd));
      // Object key order is insertion order: the named units, then those added.
      outer: for (const [unit, { kind }] of Object.entries(ctx.units)) {
        for (const item of checklist.get(kind) ?? []) {
          if (!ctx.checks[`${unit}/${item.id}`]) {
            out.push(ev('CHECK_ITEM', { unit, item: item.id, done: true }));
            break outer;
          }
        }
      }
      const first = Object.keys(ctx.units)[0];
      if (first && !(`checklist:${first}@r${ctx.round}` in ctx.due)) out.push(ev('RECTIFICATION_DUE', { unit: first }));
    }

    if (def.riskList) {
      const risk = ctx.risks['model-risk'];
      if (!risk) out.push(ev('RECORD_RISK', { risk: 'model-risk', title: '模型风险', assignee: '责任人' }));
      else if (risk.stage < riskStages - 1) out.push(ev('ADVANCE_RISK', { risk: 'model-risk' }));
    }

    const dueTask = tasks.find((t) => t.due !== undefined && ctx.tasks[t.id]?.status !== 'done' && !(`task:${t.id}` in ctx.due));
    if (dueTask) out.push(ev('TASK_DUE', { task: dueTask.id }));
    // Waiting for a window: it opens.
    if (ctx.waitingFor) out.push(ev('PHASE_OPEN', { phase: ctx.waitingFor }));
    out.push(ev('ADVANCE', withChildren));
    if (def.phases.find((p) => p.id === ctx.phase)?.review) {
      out.push(ev('REVIEW', { result: 'pass', ...withChildren }));
      out.push(ev('REVIEW', { result: 'fail', ...withChildren }));
    }
    out.push(ev('CANCEL', { reason: '撤销' }));
    return out;
  };
}

/**
 * The key of a snapshot: its value and the parts of its context that guards read.
 * Failed review rounds are capped at the largest maxRounds: past it, more failures
 * change nothing a guard can see.
 */
export function progressKey(def: CampaignDefinition): (s: Snapshot) => string {
  const maxRounds = Math.max(0, ...def.phases.map((p) => p.review?.maxRounds ?? 0));
  return (s) => {
    // Nothing happens after the end, so every closed (or cancelled) snapshot is one state.
    if (s.status === 'done') return JSON.stringify(s.value);
    const c: CampaignContext = s.context;
    return JSON.stringify([
      s.value,
      c.phase,
      c.leadingGroup !== null,
      Object.entries(c.tasks).map(([id, t]) => `${id}:${t.status}`).sort(),
      Object.keys(c.reports).sort(),
      Object.entries(c.indicators)
        .map(([id, v]) => `${id}:${meetsTarget(def.indicators.find((i) => i.id === id)!, v)}`)
        .sort(),
      Object.keys(c.units).sort(),
      Object.keys(c.checks).sort(),
      Object.entries(c.risks).map(([id, r]) => `${id}:${r.stage}`).sort(),
      // A checklist's facts of earlier rounds guard nothing: only the current round's count.
      Object.entries(c.due)
        .flatMap(([key, f]) => {
          const m = /^(checklist:.+)@r(\d+)$/.exec(key);
          if (m) return Number(m[2]) === c.round ? [`${m[1]}:${f.doneAt === null}`] : [];
          return [`${key}:${f.doneAt === null}`];
        })
        .sort(),
      Object.entries(c.escalations).map(([key, e]) => `${key}:${e.step}`).sort(),
      c.waitingFor,
      Math.min(c.failedReviews, maxRounds),
    ]);
  };
}

/**
 * Does a phase's every exit condition hold? Written from the language's
 * documentation, independently of the compiler, as the models' oracle.
 */
export function exitConditionsHold(def: CampaignDefinition, phase: Phase, ctx: CampaignContext, children: ChildrenView | undefined, forReview = false): boolean {
  const level = ctx.level;
  const applies = (levels: readonly Level[] | undefined) => !levels || levels.includes(level);
  const conditions = forReview ? [...phase.exit, ...(phase.review?.requires ?? [])] : phase.exit;
  return conditions.every((cond) => {
    if (!applies(cond.levels)) return true;
    switch (cond.kind) {
      case 'leading-group-formed':
        return !def.leadingGroup || !applies(def.leadingGroup.levels) || ctx.leadingGroup !== null;
      case 'report-filed': {
        const report = def.reports.find((r) => r.id === cond.report)!;
        // A report another level files does not hold this level back.
        return !report.filedBy.includes(level) || `${report.id}@once` in ctx.reports;
      }
      case 'tasks-done': {
        const named = cond.tasks ?? def.tasks.filter((t) => t.phase === phase.id).map((t) => t.id);
        return named.every((id) => !applies(def.tasks.find((t) => t.id === id)!.levels) || ctx.tasks[id]?.status === 'done');
      }
      case 'indicator-met': {
        const indicator = def.indicators.find((i) => i.id === cond.indicator)!;
        return !indicator.levels.includes(level) || meetsTarget(indicator, ctx.indicators[indicator.id]);
      }
      case 'children-past':
        if (!childLevel(def, level)) return true;
        return children !== undefined && (children.past[cond.phase] ?? 0) >= children.total;
      case 'checklists-complete':
        return Object.entries(ctx.units).every(([unit, { kind }]) =>
          (def.rectification!.checklists.find((c) => c.kind === kind)?.items ?? []).every((item) => ctx.checks[`${unit}/${item.id}`]),
        );
      case 'risks-closed':
        return Object.values(ctx.risks).every((r) => r.stage === def.riskList!.stages.length - 1);
    }
  });
}

/** The value of one region of the running state, or undefined once the instance has ended. */
export function regionOf(s: Snapshot, region: string): unknown {
  const value = s.value as unknown;
  return typeof value === 'object' && value !== null ? (value as Record<string, Record<string, unknown>>)[RUNNING]?.[region] : undefined;
}

/** The escalation region's state of a snapshot: clear, attention (something overdue) or escalated (red). */
export function ladderOf(s: Snapshot): string | undefined {
  return (regionOf(s, 'supervision') as { escalation?: string } | undefined)?.escalation;
}

/**
 * The escalation model: one due thing the level has falls overdue, climbs the ladder
 * that answers it and is resolved — the first report the level files in the first
 * phase, else the first unit's checklist, else the first task with a due date.
 * Supervision windows and inspections run beside it throughout. Undefined when no
 * ladder answers anything the level can have overdue.
 */
export function escalationModel(def: CampaignDefinition, level: Level) {
  const side: CampaignEvent[] = [];
  for (const w of def.supervision.windows) side.push(ev('SUPERVISION_OPEN', { window: w.id }), ev('SUPERVISION_CLOSE', { window: w.id }));
  side.push(ev('INSPECT'));
  const ladders = laddersOf(def);
  const ladderFor = (kind: 'report' | 'checklist' | 'task', ref: string) =>
    ladders.find((l) => l.on.kind === 'overdue' && (!l.on.items || l.on.items.includes(kind)) && (kind !== 'report' || !l.on.reports || l.on.reports.includes(ref)));
  const steps = (key: string, n: number) => Array.from({ length: n }, (_, step) => ev('ESCALATE', { key, step }));
  const first = def.phases[0]!.id;
  // Only the ladder and the overdue region change here, with the context of what is due.
  const serializeState = (s: Snapshot) =>
    JSON.stringify([s.value, Object.entries(s.context.escalations).map(([k, e]) => `${k}:${e.step}`), Object.keys(s.context.checks).sort(), Object.keys(s.context.due).sort()]);

  const report = def.reports.find((r) => r.filedBy.includes(level) && (r.cadence.kind !== 'phase-end' || r.cadence.phase === first) && ladderFor('report', r.id));
  if (report) {
    const period = periodOf(def, report);
    const key = `report:${report.id}@${period}`;
    const ladder = ladderFor('report', report.id)!;
    const events = [ev('REPORT_DUE', { report: report.id, period }), ...steps(key, ladder.steps.length), ev('FILE_REPORT', { report: report.id, period }), ...side];
    return { key, steps: ladder.steps.length, resolvedBy: 'FILE_REPORT' as const, climb: events, resolve: (_s: Snapshot) => events, serializeState };
  }
  const unit = Object.entries(def.rectification?.scope ?? []).flatMap(([, s]) => s.units.map((u) => ({ unit: u.id, kind: s.kind })))[0];
  if (def.rectification && unit && ladderFor('checklist', unit.unit)) {
    const key = `checklist:${unit.unit}@r0`;
    const ladder = ladderFor('checklist', unit.unit)!;
    const items = def.rectification.checklists.find((c) => c.kind === unit.kind)?.items ?? [];
    const events = [ev('RECTIFICATION_DUE', { unit: unit.unit }), ...steps(key, ladder.steps.length), ...items.map((i) => ev('CHECK_ITEM', { unit: unit.unit, item: i.id, done: true })), ...side];
    return { key, steps: ladder.steps.length, resolvedBy: 'CHECK_ITEM' as const, climb: events, resolve: (_s: Snapshot) => events, serializeState };
  }
  const task = def.tasks.find((t) => t.due !== undefined && (!t.levels || t.levels.includes(level)) && t.phase === first && ladderFor('task', t.id));
  if (task) {
    const key = `task:${task.id}`;
    const ladder = ladderFor('task', task.id)!;
    const events = [ev('TASK_DUE', { task: task.id }), ...steps(key, ladder.steps.length), ev('COMPLETE_TASK', { task: task.id }), ...side];
    return { key, steps: ladder.steps.length, resolvedBy: 'COMPLETE_TASK' as const, climb: events, resolve: (_s: Snapshot) => events, serializeState };
  }
  return undefined;
}
