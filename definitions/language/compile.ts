// The compiler: a validated campaign definition becomes an XState v5 machine.
//
// Shape: a top-level `running` state of parallel regions (phase sequence, leading
// group, tasks, reporting, supervision, checklists, risks) and two final states,
// the definition's final state and `cancelled`. The machine does no I/O and holds
// no timers: whatever must happen outside is emitted as a named effect (schedule,
// cancel, notify the parent, open a rectification notice, suspend a business) that
// the engine carries out. Deadlines are data the engine schedules, because XState
// does not restore `after` delays from a persisted snapshot.
import { enqueueActions, setup } from 'xstate';
import type { CampaignEvent, ChildrenView, EventOf, IndicatorValue } from './events.js';
import type { CampaignDefinition, Delay, ExitCondition, Indicator, Level, Phase } from './schema.js';

// ---------------------------------------------------------------- context

export type LeadingGroupMember = { role: string; name: string; unit?: string | undefined };

export type Overdue = {
  /** When it fell due (ISO instant). */
  since: string;
  /** Index of the escalation step reached; -1 before the first. */
  step: number;
};

export type CampaignContext = {
  level: Level;
  jurisdiction: string;
  leadingGroup: { members: LeadingGroupMember[]; formedAt: string } | null;
  tasks: Record<string, { status: 'started' | 'done'; at: string; evidence: number }>;
  /** Filed reports, keyed `report@period` (period `once` for one-off reports). */
  reports: Record<string, { filedAt: string; late: boolean }>;
  indicators: Record<string, IndicatorValue>;
  /** Everything overdue now, keyed `phase:<id>`, `report:<id>@<period>`, `rectification` or `review`. */
  overdue: Record<string, Overdue>;
  /** The current phase (or the final state's id once closed), mirrored from the state value for guards. */
  phase: string;
  /** When the current phase was entered. */
  phaseSince: string | null;
  /** Failed reviews in the current round of rectification. */
  failedReviews: number;
  /** Units in scope of a rectification notice, by unit id. */
  units: Record<string, { kind: string; title: string }>;
  /** Ticked checklist items, keyed `unit/item`. */
  checks: Record<string, true>;
  risks: Record<string, { title: string; assignee: string; stage: number }>;
  inspections: number;
  commendations: number;
  /** When each phase's window opens (ISO instants, fixed at launch): no instance enters a phase before. */
  opens: Record<string, string>;
};

export type CampaignInput = {
  level: Level;
  jurisdiction: string;
  /** Phase id → the instant its window opens; a phase not named opens at once. */
  opens?: Record<string, string>;
};

// ---------------------------------------------------------------- effects

/** What the engine must do outside the machine, in the same transaction as the event. */
export type Effect =
  | {
      type: 'schedule';
      /** Unique per instance; a later schedule with the same key replaces it. */
      key: string;
      /** Due at `from` plus `delay`, counted as the definition says. */
      from: string;
      delay: Delay;
      event: { type: 'ESCALATE'; key: string; step: number } | { type: 'RECTIFICATION_DUE' };
    }
  | { type: 'cancel'; keyPrefix: string }
  | { type: 'notify-parent'; reason: 'phase-entered' | 'closed' | 'escalated' | 'review-failed'; detail: string }
  | { type: 'open-rectification'; definition: string; findings: string[] }
  | { type: 'suspend-business'; unit: string; item: string };

// ---------------------------------------------------------------- helpers

export const RUNNING = 'running';
export const CANCELLED = 'cancelled';

function appliesAt(levels: readonly Level[] | undefined, level: Level): boolean {
  return !levels || levels.includes(level);
}

/** Does a value meet an indicator's target? */
export function meetsTarget(indicator: Indicator, value: IndicatorValue | undefined): boolean {
  if (value === undefined) return false;
  const cmp = (actual: number, op: string, target: number) =>
    op === '>=' ? actual >= target : op === '>' ? actual > target : op === '=' ? actual === target : op === '<=' ? actual <= target : actual < target;
  switch (indicator.kind) {
    case 'ratio':
      if (typeof value !== 'object') return false;
      // Compare in integers: numerator/denominator ≥ p% ⇔ 100·numerator ≥ p·denominator.
      return cmp(100 * value.numerator, indicator.target.op, indicator.target.percent * value.denominator);
    case 'count':
      return typeof value === 'number' && cmp(value, indicator.target.op, indicator.target.value);
    case 'yes-no':
      return value === indicator.target.value;
  }
}

function indicatorValueFits(indicator: Indicator, value: IndicatorValue): boolean {
  if (indicator.kind === 'ratio') return typeof value === 'object';
  if (indicator.kind === 'count') return typeof value === 'number';
  return typeof value === 'boolean';
}

/** The period key of a report filing: `once` for one-off reports. */
export function reportKey(report: string, period: string): string {
  return `${report}@${period}`;
}

function periodFits(cadence: CampaignDefinition['reports'][number]['cadence'], period: string): boolean {
  if (cadence.kind === 'monthly') return /^\d{4}-\d{2}$/.test(period);
  if (cadence.kind === 'quarterly') return /^\d{4}-Q[1-4]$/.test(period);
  return period === 'once';
}

/** The highest escalation step reached by anything overdue; -1 if none has reached a step. */
export function escalationLevel(ctx: CampaignContext): number {
  let level = -1;
  for (const o of Object.values(ctx.overdue)) level = Math.max(level, o.step);
  return level;
}

/** The child level of an instance: the next participating level below its own. */
function childLevel(def: CampaignDefinition, level: Level): Level | undefined {
  const i = def.levels.participating.indexOf(level);
  return def.levels.participating[i + 1];
}

/** Tasks of a phase that apply at a level. */
export function phaseTasks(def: CampaignDefinition, phase: string, level: Level): string[] {
  return def.tasks.filter((t) => t.phase === phase && appliesAt(t.levels, level)).map((t) => t.id);
}

function phaseIndexOf(def: CampaignDefinition, phase: string): number {
  return def.phases.findIndex((p) => p.id === phase);
}

/** Does one exit condition of a phase hold for an instance (with its children's view, for `children-past`)? */
export function conditionHolds(def: CampaignDefinition, cond: ExitCondition, phase: Phase, ctx: CampaignContext, children: ChildrenView | undefined): boolean {
  switch (cond.kind) {
    case 'leading-group-formed':
      return ctx.leadingGroup !== null;
    case 'report-filed': {
      const report = def.reports.find((r) => r.id === cond.report);
      if (!report || !report.filedBy.includes(ctx.level)) return true; // not this level's report
      return reportKey(report.id, 'once') in ctx.reports;
    }
    case 'tasks-done': {
      const tasks = cond.tasks ?? phaseTasks(def, phase.id, ctx.level);
      return tasks
        .filter((t) => appliesAt(def.tasks.find((x) => x.id === t)?.levels, ctx.level))
        .every((t) => ctx.tasks[t]?.status === 'done');
    }
    case 'indicator-met': {
      const indicator = def.indicators.find((i) => i.id === cond.indicator);
      if (!indicator || !indicator.levels.includes(ctx.level)) return true; // not measured at this level
      return meetsTarget(indicator, ctx.indicators[indicator.id]);
    }
    case 'children-past': {
      if (!childLevel(def, ctx.level)) return true; // the lowest level has no children in the campaign
      if (!children) return false;
      return (children.past[cond.phase] ?? 0) >= children.total;
    }
    case 'checklists-complete':
      return checklistsComplete(def, ctx);
    case 'risks-closed':
      return risksClosed(def, ctx);
  }
}

export function checklistsComplete(def: CampaignDefinition, ctx: CampaignContext): boolean {
  const lists = def.rectification?.checklists ?? [];
  return Object.entries(ctx.units).every(([unit, { kind }]) =>
    (lists.find((c) => c.kind === kind)?.items ?? []).every((item) => ctx.checks[`${unit}/${item.id}`]),
  );
}

export function risksClosed(def: CampaignDefinition, ctx: CampaignContext): boolean {
  const last = (def.riskList?.stages.length ?? 1) - 1;
  return Object.values(ctx.risks).every((r) => r.stage >= last);
}


/** In words, why an instance may not leave its current phase now; empty when it may. */
export function unmetExitConditions(def: CampaignDefinition, ctx: CampaignContext, children: ChildrenView | undefined, at: string): string[] {
  const i = phaseIndexOf(def, ctx.phase);
  const phase = def.phases[i];
  if (!phase) return [];
  const out: string[] = [];
  for (const cond of phase.exit) {
    if (conditionHolds(def, cond, phase, ctx, children)) continue;
    switch (cond.kind) {
      case 'leading-group-formed':
        out.push('the leading group is not formed');
        break;
      case 'report-filed':
        out.push(`report "${cond.report}" is not filed`);
        break;
      case 'tasks-done': {
        const open = (cond.tasks ?? phaseTasks(def, phase.id, ctx.level)).filter((t) => ctx.tasks[t]?.status !== 'done');
        out.push(`tasks not done: ${open.join(', ')}`);
        break;
      }
      case 'indicator-met':
        out.push(`indicator "${cond.indicator}" does not meet its target`);
        break;
      case 'children-past':
        out.push(children ? `${children.total - (children.past[cond.phase] ?? 0)} of ${children.total} children have not reached "${cond.phase}"` : `children have not reached "${cond.phase}"`);
        break;
      case 'checklists-complete':
        out.push('checklist items are still open');
        break;
      case 'risks-closed':
        out.push('risks are still open');
        break;
    }
  }
  const next = def.phases[i + 1];
  const opens = next && ctx.opens[next.id];
  if (next && !phase.review && opens && at < opens) out.push(`phase "${next.id}" opens at ${opens}`);
  return out;
}

// ---------------------------------------------------------------- the compiler

type Result = { context: CampaignContext; effects: Effect[] };

export type CampaignMachine = ReturnType<typeof compile>;

/**
 * Compile a validated definition to its machine. Validate first: the compiler
 * trusts that references resolve.
 */
export function compile(def: CampaignDefinition) {
  const escalation = def.supervision.escalation;

  /** Mark something overdue and schedule the first step of the escalation ladder. */
  function markOverdue(ctx: CampaignContext, key: string, since: string): Result {
    if (ctx.overdue[key]) return { context: ctx, effects: [] };
    const effects: Effect[] = [];
    const first = escalation[0];
    if (first) effects.push({ type: 'schedule', key: `esc:${key}:0`, from: since, delay: first.after, event: { type: 'ESCALATE', key, step: 0 } });
    return { context: { ...ctx, overdue: { ...ctx.overdue, [key]: { since, step: -1 } } }, effects };
  }

  /** Something overdue is resolved: drop it and cancel its pending escalation steps. */
  function resolveOverdue(ctx: CampaignContext, key: string): Result {
    if (!ctx.overdue[key]) return { context: ctx, effects: [] };
    const { [key]: _dropped, ...rest } = ctx.overdue;
    return { context: { ...ctx, overdue: rest }, effects: [{ type: 'cancel', keyPrefix: `esc:${key}:` }] };
  }

  function exitHolds(phase: Phase, ctx: CampaignContext, event: CampaignEvent): boolean {
    return phase.exit.every((c) => conditionHolds(def, c, phase, ctx, event.children));
  }

  /** The next phase's window has opened (the final state is always open). */
  function nextPhaseOpen(phase: Phase, ctx: CampaignContext, event: CampaignEvent): boolean {
    const next = def.phases[phaseIndexOf(def, phase.id) + 1];
    const opens = next && ctx.opens[next.id];
    return !opens || event.at >= opens;
  }

  // ---- pure handlers: (context, event) → (context, effects) ----

  function enterPhase(ctx: CampaignContext, event: CampaignEvent, from: string, to: string): Result {
    const left = resolveOverdue(ctx, `phase:${from}`);
    const isFinal = to === def.final.id;
    // A closed instance escalates nothing more: its pending escalation steps are cancelled.
    const stop: Effect[] = isFinal ? stopEscalations() : [];
    return {
      context: { ...left.context, phase: to, phaseSince: event.at },
      effects: [...left.effects, ...stop, { type: 'notify-parent', reason: isFinal ? 'closed' : 'phase-entered', detail: to }],
    };
  }

  /** Cancel every pending escalation step of the instance (it closed or was cancelled). */
  function stopEscalations(): Effect[] {
    return escalation.length > 0 ? [{ type: 'cancel', keyPrefix: 'esc:' }] : [];
  }

  const handlers = {
    formLeadingGroup(ctx: CampaignContext, e: EventOf<'FORM_LEADING_GROUP'>): Result {
      return { context: { ...ctx, leadingGroup: { members: e.members, formedAt: e.at } }, effects: [] };
    },
    startTask(ctx: CampaignContext, e: EventOf<'START_TASK'>): Result {
      return { context: { ...ctx, tasks: { ...ctx.tasks, [e.task]: { status: 'started', at: e.at, evidence: 0 } } }, effects: [] };
    },
    completeTask(ctx: CampaignContext, e: EventOf<'COMPLETE_TASK'>): Result {
      return { context: { ...ctx, tasks: { ...ctx.tasks, [e.task]: { status: 'done', at: e.at, evidence: e.evidence.length } } }, effects: [] };
    },
    fileReport(ctx: CampaignContext, e: EventOf<'FILE_REPORT'>): Result {
      const key = reportKey(e.report, e.period);
      const late = `report:${key}` in ctx.overdue;
      const filed = { ...ctx, reports: { ...ctx.reports, [key]: { filedAt: e.at, late } } };
      return resolveOverdue(filed, `report:${key}`);
    },
    reportDue(ctx: CampaignContext, e: EventOf<'REPORT_DUE'>): Result {
      return markOverdue(ctx, `report:${reportKey(e.report, e.period)}`, e.at);
    },
    phaseDue(ctx: CampaignContext, e: EventOf<'PHASE_DUE'>): Result {
      return markOverdue(ctx, `phase:${e.phase}`, e.at);
    },
    rectificationDue(ctx: CampaignContext, e: EventOf<'RECTIFICATION_DUE'>): Result {
      const marked = markOverdue(ctx, 'rectification', e.at);
      const lists = def.rectification?.checklists ?? [];
      const suspend: Effect[] = [];
      for (const [unit, { kind }] of Object.entries(ctx.units)) {
        for (const item of lists.find((c) => c.kind === kind)?.items ?? []) {
          if (item.onOverdue === 'suspend-business' && !ctx.checks[`${unit}/${item.id}`]) suspend.push({ type: 'suspend-business', unit, item: item.id });
        }
      }
      return { context: marked.context, effects: [...marked.effects, ...suspend] };
    },
    escalate(ctx: CampaignContext, e: EventOf<'ESCALATE'>): Result {
      const o = ctx.overdue[e.key]!;
      const effects: Effect[] = [];
      const step = escalation[e.step]!;
      if (step.step === 'list') effects.push({ type: 'notify-parent', reason: 'escalated', detail: e.key });
      const next = escalation[e.step + 1];
      if (next) effects.push({ type: 'schedule', key: `esc:${e.key}:${e.step + 1}`, from: o.since, delay: next.after, event: { type: 'ESCALATE', key: e.key, step: e.step + 1 } });
      return { context: { ...ctx, overdue: { ...ctx.overdue, [e.key]: { ...o, step: e.step } } }, effects };
    },
    recordIndicator(ctx: CampaignContext, e: EventOf<'RECORD_INDICATOR'>): Result {
      return { context: { ...ctx, indicators: { ...ctx.indicators, [e.indicator]: e.value } }, effects: [] };
    },
    inspect(ctx: CampaignContext, e: EventOf<'INSPECT'>): Result {
      const effects: Effect[] = e.openRectification
        ? [{ type: 'open-rectification', definition: e.openRectification.definition, findings: e.findings.map((f) => f.text) }]
        : [];
      return { context: { ...ctx, inspections: ctx.inspections + 1 }, effects };
    },
    addUnit(ctx: CampaignContext, e: EventOf<'ADD_UNIT'>): Result {
      return { context: { ...ctx, units: { ...ctx.units, [e.unit]: { kind: e.kind, title: e.title } } }, effects: [] };
    },
    checkItem(ctx: CampaignContext, e: EventOf<'CHECK_ITEM'>): Result {
      const key = `${e.unit}/${e.item}`;
      const checks = { ...ctx.checks };
      if (e.done) checks[key] = true;
      else delete checks[key];
      const next = { ...ctx, checks };
      return checklistsComplete(def, next) ? resolveOverdue(next, 'rectification') : { context: next, effects: [] };
    },
    recordRisk(ctx: CampaignContext, e: EventOf<'RECORD_RISK'>): Result {
      return { context: { ...ctx, risks: { ...ctx.risks, [e.risk]: { title: e.title, assignee: e.assignee, stage: 0 } } }, effects: [] };
    },
    advanceRisk(ctx: CampaignContext, e: EventOf<'ADVANCE_RISK'>): Result {
      const r = ctx.risks[e.risk]!;
      return { context: { ...ctx, risks: { ...ctx.risks, [e.risk]: { ...r, stage: r.stage + 1 } } }, effects: [] };
    },
    commend(ctx: CampaignContext): Result {
      return { context: { ...ctx, commendations: ctx.commendations + 1 }, effects: [] };
    },
  };

  type HandlerName = keyof typeof handlers;

  const machineSetup = setup({
    types: {
      context: {} as CampaignContext,
      events: {} as CampaignEvent,
      input: {} as CampaignInput,
      emitted: {} as Effect,
    },
    actions: {
      /** Run one pure handler, assign its context and emit its effects. */
      apply: enqueueActions(({ context, event, enqueue }, params: { handler: HandlerName }) => {
        // The handler table is keyed by event type; the guard made sure the event fits.
        const handler = handlers[params.handler] as (c: CampaignContext, e: CampaignEvent) => Result;
        const result = handler(context, event);
        enqueue.assign(() => result.context);
        for (const effect of result.effects) enqueue.emit(effect);
      }),
      enterPhase: enqueueActions(({ context, event, enqueue }, params: { from: string; to: string }) => {
        const result = enterPhase(context, event, params.from, params.to);
        enqueue.assign(() => result.context);
        for (const effect of result.effects) enqueue.emit(effect);
      }),
      /** A passed review ends the rounds: the count starts again and an escalated failure is resolved. */
      reviewPassed: enqueueActions(({ context, enqueue }) => {
        const result = resolveOverdue({ ...context, failedReviews: 0 }, 'review');
        enqueue.assign(() => result.context);
        for (const effect of result.effects) enqueue.emit(effect);
      }),
      cancel: enqueueActions(({ enqueue }) => {
        for (const effect of stopEscalations()) enqueue.emit(effect);
      }),
      reviewFailed: enqueueActions(({ context, event, enqueue }, params: { phase: string; maxRounds: number }) => {
        const failed = context.failedReviews + 1;
        let result: Result = { context: { ...context, failedReviews: failed }, effects: [{ type: 'notify-parent', reason: 'review-failed', detail: params.phase }] };
        if (def.rectification && event.type === 'REVIEW') {
          // Another round: the items the inspector names (all, if none named) are open
          // again, the last round's deadline no longer counts, and a new one runs.
          const checks = { ...context.checks };
          if (event.reopen.length === 0) for (const key of Object.keys(checks)) delete checks[key];
          else for (const r of event.reopen) delete checks[`${r.unit}/${r.item}`];
          const cleared = resolveOverdue({ ...result.context, checks }, 'rectification');
          result = {
            context: cleared.context,
            effects: [
              ...result.effects,
              ...cleared.effects,
              { type: 'schedule', key: `rectification:round-${failed + 1}`, from: event.at, delay: def.rectification.deadline, event: { type: 'RECTIFICATION_DUE' } },
            ],
          };
        }
        if (failed >= params.maxRounds) {
          // Rounds exhausted: the failure is overdue at once and climbs the ladder.
          const marked = markOverdue(result.context, 'review', event.at);
          result = { context: marked.context, effects: [...result.effects, ...marked.effects, { type: 'notify-parent', reason: 'escalated', detail: 'review' }] };
        }
        enqueue.assign(() => result.context);
        for (const effect of result.effects) enqueue.emit(effect);
      }),
    },
    guards: {
      exitHolds: ({ context, event }, params: { phase: string }) => {
        const phase = def.phases[phaseIndexOf(def, params.phase)]!;
        return exitHolds(phase, context, event) && nextPhaseOpen(phase, context, event);
      },
      reviewPasses: ({ context, event }, params: { phase: string }) =>
        event.type === 'REVIEW' && event.result === 'pass' && exitHolds(def.phases[phaseIndexOf(def, params.phase)]!, context, event),
      leadingGroupValid: ({ event }) => event.type === 'FORM_LEADING_GROUP' && leadingGroupProblems(def, event.members).length === 0,
      taskCanStart: ({ context, event }) => {
        if (event.type !== 'START_TASK') return false;
        return taskOpen(context, event.task) && !context.tasks[event.task];
      },
      taskCanComplete: ({ context, event }) => event.type === 'COMPLETE_TASK' && taskOpen(context, event.task),
      allTasksDone: ({ context }) => def.tasks.filter((t) => appliesAt(t.levels, context.level)).every((t) => context.tasks[t.id]?.status === 'done'),
      reportFileable: ({ context, event }) => {
        if (event.type !== 'FILE_REPORT') return false;
        const report = def.reports.find((r) => r.id === event.report);
        return (
          !!report &&
          report.filedBy.includes(context.level) &&
          periodFits(report.cadence, event.period) &&
          reportOpen(context, report) &&
          !(reportKey(event.report, event.period) in context.reports)
        );
      },
      reportOutstanding: ({ context, event }) => {
        if (event.type !== 'REPORT_DUE') return false;
        const report = def.reports.find((r) => r.id === event.report);
        const key = reportKey(event.report, event.period);
        return !!report && report.filedBy.includes(context.level) && !(key in context.reports) && !(`report:${key}` in context.overdue);
      },
      anyReportOverdue: ({ context }) => Object.keys(context.overdue).some((k) => k.startsWith('report:')),
      noReportOverdue: ({ context }) => !Object.keys(context.overdue).some((k) => k.startsWith('report:')),
      phaseIsDue: ({ context, event }, params: { phase: string }) => event.type === 'PHASE_DUE' && event.phase === params.phase && !(`phase:${params.phase}` in context.overdue),
      rectificationOpen: ({ context }) => !checklistsComplete(def, context) && !('rectification' in context.overdue),
      canEscalate: ({ context, event }) => {
        if (event.type !== 'ESCALATE') return false;
        const o = context.overdue[event.key];
        return !!o && event.step === o.step + 1 && event.step < escalation.length;
      },
      escalationIs: ({ context }, params: { step: number }) => escalationLevel(context) === params.step,
      windowKnown: ({ event }) =>
        (event.type === 'SUPERVISION_OPEN' || event.type === 'SUPERVISION_CLOSE') && def.supervision.windows.some((w) => w.id === event.window),
      indicatorHere: ({ context, event }) => {
        if (event.type !== 'RECORD_INDICATOR') return false;
        const indicator = def.indicators.find((i) => i.id === event.indicator);
        return !!indicator && indicator.levels.includes(context.level) && indicatorValueFits(indicator, event.value);
      },
      unitKindKnown: ({ context, event }) =>
        event.type === 'ADD_UNIT' && !!def.rectification?.scope.some((s) => s.kind === event.kind) && !(event.unit in context.units),
      itemKnown: ({ context, event }) => {
        if (event.type !== 'CHECK_ITEM') return false;
        const unit = context.units[event.unit];
        const items = def.rectification?.checklists.find((c) => c.kind === unit?.kind)?.items ?? [];
        return !!unit && items.some((i) => i.id === event.item) && !!context.checks[`${event.unit}/${event.item}`] !== event.done;
      },
      checklistsComplete: ({ context }) => checklistsComplete(def, context),
      checklistsIncomplete: ({ context }) => !checklistsComplete(def, context),
      riskNew: ({ context, event }) => event.type === 'RECORD_RISK' && !(event.risk in context.risks),
      riskCanAdvance: ({ context, event }) => {
        if (event.type !== 'ADVANCE_RISK') return false;
        const r = context.risks[event.risk];
        return !!r && r.stage < (def.riskList?.stages.length ?? 1) - 1;
      },
      risksOpen: ({ context }) => !risksClosed(def, context),
      risksAllClosed: ({ context }) => risksClosed(def, context),
      reviewFails: ({ event }) => event.type === 'REVIEW' && event.result === 'fail',
    },
  });

  /**
   * A report due at a phase's end may be filed from that phase on, not before: a
   * summary filed during mobilization must not satisfy the summary phase's exit.
   */
  function reportOpen(ctx: CampaignContext, report: CampaignDefinition['reports'][number]): boolean {
    return report.cadence.kind !== 'phase-end' || phaseIndexOf(def, report.cadence.phase) <= phaseIndexOf(def, ctx.phase);
  }

  function taskOpen(ctx: CampaignContext, taskId: string): boolean {
    const task = def.tasks.find((t) => t.id === taskId);
    if (!task || !appliesAt(task.levels, ctx.level) || ctx.tasks[taskId]?.status === 'done') return false;
    // A task may be worked on from its own phase on, not before.
    return phaseIndexOf(def, task.phase) <= phaseIndexOf(def, ctx.phase);
  }

  // ---- the state tree ----
  // Built as data from the definition; XState checks it when the machine is created.
  type Config = Record<string, unknown>;
  const phaseStates: Record<string, Config> = {};
  def.phases.forEach((phase, i) => {
    const next = def.phases[i + 1]?.id;
    const target = next ?? `#campaign.${def.final.id}`;
    const to = next ?? def.final.id;
    const on: Config = {
      PHASE_DUE: { guard: { type: 'phaseIsDue', params: { phase: phase.id } }, actions: { type: 'apply', params: { handler: 'phaseDue' } } },
    };
    if (phase.review) {
      const { returnTo, maxRounds } = phase.review;
      // A pass needs the phase's own exit conditions (the checklists still complete);
      // a failure is always accepted and sends the instance back for another round.
      on.REVIEW = [
        { guard: { type: 'reviewPasses', params: { phase: phase.id } }, target, actions: [{ type: 'reviewPassed' }, { type: 'enterPhase', params: { from: phase.id, to } }] },
        { guard: 'reviewFails', target: returnTo, actions: [{ type: 'reviewFailed', params: { phase: phase.id, maxRounds } }, { type: 'enterPhase', params: { from: phase.id, to: returnTo } }] },
      ];
    } else {
      on.ADVANCE = { guard: { type: 'exitHolds', params: { phase: phase.id } }, target, actions: { type: 'enterPhase', params: { from: phase.id, to } } };
    }
    phaseStates[phase.id] = { meta: { kind: 'phase', title: phase.title }, on };
  });

  const regions: Record<string, Config> = {
    phase: { initial: def.phases[0]!.id, states: phaseStates },
  };

  if (def.leadingGroup) {
    regions.leadingGroup = {
      initial: 'forming',
      states: {
        forming: { on: { FORM_LEADING_GROUP: { guard: 'leadingGroupValid', target: 'formed', actions: { type: 'apply', params: { handler: 'formLeadingGroup' } } } } },
        formed: { on: { FORM_LEADING_GROUP: { guard: 'leadingGroupValid', actions: { type: 'apply', params: { handler: 'formLeadingGroup' } } } } },
      },
    };
  }

  if (def.tasks.length > 0) {
    const taskEvents = {
      START_TASK: { guard: 'taskCanStart', actions: { type: 'apply', params: { handler: 'startTask' } } },
      COMPLETE_TASK: { guard: 'taskCanComplete', actions: { type: 'apply', params: { handler: 'completeTask' } } },
    };
    regions.tasks = {
      initial: 'open',
      states: {
        open: { always: { guard: 'allTasksDone', target: 'done' }, on: taskEvents },
        done: {},
      },
    };
  }

  if (def.reports.length > 0) {
    const reportEvents = {
      FILE_REPORT: { guard: 'reportFileable', actions: { type: 'apply', params: { handler: 'fileReport' } } },
      REPORT_DUE: { guard: 'reportOutstanding', actions: { type: 'apply', params: { handler: 'reportDue' } } },
    };
    regions.reporting = {
      initial: 'onTime',
      states: {
        onTime: { always: { guard: 'anyReportOverdue', target: 'overdue' }, on: reportEvents },
        overdue: { always: { guard: 'noReportOverdue', target: 'onTime' }, on: reportEvents },
      },
    };
  }

  // Supervision: the windows in which the level above inspects, beside the phases,
  // and the escalation ladder of whatever is overdue.
  const supervision: Record<string, Config> = {};
  const inspect = { INSPECT: { actions: { type: 'apply', params: { handler: 'inspect' } } } };
  if (def.supervision.windows.length > 0) {
    supervision.windows = {
      initial: 'closed',
      states: {
        closed: { on: { SUPERVISION_OPEN: { guard: 'windowKnown', target: 'open' } } },
        open: { on: { SUPERVISION_CLOSE: { guard: 'windowKnown', target: 'closed' } } },
      },
    };
  }
  const ladder = ['clear', ...escalation.map((s) => s.step)];
  const ladderStates: Record<string, Config> = {};
  ladder.forEach((name, i) => {
    const level = i - 1;
    ladderStates[name] = {
      always: ladder
        .map((other, j) => ({ other, step: j - 1 }))
        .filter(({ step }) => step !== level)
        .map(({ other, step }) => ({ guard: { type: 'escalationIs', params: { step } }, target: other })),
      on: escalation.length > 0 ? { ESCALATE: { guard: 'canEscalate', actions: { type: 'apply', params: { handler: 'escalate' } } } } : {},
    };
  });
  supervision.escalation = { initial: 'clear', states: ladderStates };
  regions.supervision = { type: 'parallel', states: supervision };

  if (def.rectification) {
    const checklistEvents = {
      ADD_UNIT: { guard: 'unitKindKnown', actions: { type: 'apply', params: { handler: 'addUnit' } } },
      CHECK_ITEM: { guard: 'itemKnown', actions: { type: 'apply', params: { handler: 'checkItem' } } },
      RECTIFICATION_DUE: { guard: 'rectificationOpen', actions: { type: 'apply', params: { handler: 'rectificationDue' } } },
    };
    regions.checklists = {
      initial: 'open',
      states: {
        open: { always: { guard: 'checklistsComplete', target: 'complete' }, on: checklistEvents },
        complete: { always: { guard: 'checklistsIncomplete', target: 'open' }, on: checklistEvents },
      },
    };
  }

  if (def.riskList) {
    const riskEvents = {
      RECORD_RISK: { guard: 'riskNew', actions: { type: 'apply', params: { handler: 'recordRisk' } } },
      ADVANCE_RISK: { guard: 'riskCanAdvance', actions: { type: 'apply', params: { handler: 'advanceRisk' } } },
    };
    regions.risks = {
      initial: 'allClosed',
      states: {
        allClosed: { always: { guard: 'risksOpen', target: 'open' }, on: riskEvents },
        open: { always: { guard: 'risksAllClosed', target: 'allClosed' }, on: riskEvents },
      },
    };
  }

  const runningOn: Config = {
    CANCEL: { target: CANCELLED, actions: { type: 'cancel' } },
    COMMEND: { actions: { type: 'apply', params: { handler: 'commend' } } },
  };
  if (def.indicators.length > 0) {
    runningOn.RECORD_INDICATOR = { guard: 'indicatorHere', actions: { type: 'apply', params: { handler: 'recordIndicator' } } };
  }
  // The level above may inspect at any time; the windows mark when it plans to.
  Object.assign(runningOn, inspect);

  const scope = def.rectification?.scope ?? [];
  const config = {
    id: 'campaign',
    initial: RUNNING,
    context: ({ input }: { input: CampaignInput }): CampaignContext => ({
      level: input.level,
      jurisdiction: input.jurisdiction,
      leadingGroup: null,
      phase: def.phases[0]!.id,
      tasks: {},
      reports: {},
      indicators: {},
      overdue: {},
      phaseSince: null,
      failedReviews: 0,
      units: Object.fromEntries(scope.flatMap((s) => s.units.map((u) => [u.id, { kind: s.kind, title: u.title.zh }]))),
      checks: {},
      risks: {},
      inspections: 0,
      commendations: 0,
      opens: input.opens ?? {},
    }),
    states: {
      [RUNNING]: { type: 'parallel', states: regions, on: runningOn },
      [def.final.id]: { type: 'final', meta: { kind: 'final', title: def.final.title } },
      [CANCELLED]: { type: 'final', meta: { kind: 'cancelled' } },
    },
  };
  // The state tree is assembled from the definition at run time, so its literal
  // types cannot be known to TypeScript; XState validates it when it builds the machine.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return machineSetup.createMachine(config as any);
}

/** Problems with a proposed leading group, checked against the roles' cardinality. */
export function leadingGroupProblems(def: CampaignDefinition, members: readonly LeadingGroupMember[]): string[] {
  const lg = def.leadingGroup;
  if (!lg) return ['the campaign has no leading group'];
  const problems: string[] = [];
  for (const m of members) {
    const role = lg.roles.find((r) => r.id === m.role);
    if (!role) problems.push(`unknown role "${m.role}"`);
    if (m.unit !== undefined && !lg.memberUnits.includes(m.unit)) problems.push(`"${m.unit}" is not a member unit`);
    // Without a unit, a per-member-unit holder would count for no unit at all.
    else if (m.unit === undefined && role?.per === 'member-unit') problems.push(`"${m.name}" holds role "${m.role}", which is held per member unit, but names no unit`);
  }
  const range = (role: (typeof lg.roles)[number]) =>
    `${role.min}${role.max === undefined ? ' or more' : role.max !== role.min ? `–${role.max}` : ''}`;
  for (const role of lg.roles) {
    const holders = members.filter((m) => m.role === role.id);
    if (role.per === 'member-unit') {
      for (const unit of lg.memberUnits) {
        const n = holders.filter((h) => h.unit === unit).length;
        if (n < role.min || (role.max !== undefined && n > role.max)) problems.push(`role "${role.id}" needs ${range(role)} per member unit; "${unit}" has ${n}`);
      }
    } else if (holders.length < role.min || (role.max !== undefined && holders.length > role.max)) {
      problems.push(`role "${role.id}" needs ${range(role)}; got ${holders.length}`);
    }
  }
  return problems;
}
