// The compiler: a validated campaign definition becomes an XState v5 machine.
//
// Shape: a top-level `running` state of parallel regions (phases, leading group,
// tasks, reporting, supervision, checklists, risks) and two final states, the
// definition's final state and `cancelled`. Phases are calendar periods: an instance
// whose work is done before the next window opens waits in `before:<phase>` and moves
// in when it opens; a phase boundary is never lateness. Only what is due (reports,
// tasks with a due date, checklists, targets with a date) can be late, and lateness is
// kept as facts. The machine does no I/O and holds no timers: whatever must happen
// outside is emitted as an effect the engine carries out.
import { enqueueActions, setup } from 'xstate';
import {
  checklistOpenItems,
  eventProblems,
  exitReasons,
  isOpen,
  leadingGroupHere,
  nextPhase,
  phaseTasks,
  reviewedHere,
  risksClosed,
} from './checks.js';
import {
  appliesAt,
  CANCELLED,
  phaseIndexOf,
  reportKey,
  RUNNING,
  WAITING_PREFIX,
  type CampaignContext,
  type CampaignInput,
  type Effect,
} from './context.js';
import { startOfDay } from './dates.js';
import { reportDueDate, targetDueDate, taskDueDate } from './due.js';
import { isEscalated, laddersOf } from './escalation.js';
import type { CampaignEvent, EventOf } from './events.js';
import type { Result } from './escalation.js';
import { findingRecord, makeHandlers, type HandlerName } from './handlers.js';
import type { CampaignDefinition, Phase } from './schema.js';


/** Something is overdue or escalated: the instance needs attention. */
export function needsAttention(ctx: CampaignContext): boolean {
  return Object.values(ctx.due).some((f) => f.doneAt === null) || Object.keys(ctx.escalations).length > 0;
}

/** The state key of "waiting for <phase> to open". */
export const waitingState = (phase: string) => `${WAITING_PREFIX}${phase}`;

export type CampaignMachine = ReturnType<typeof compile>;

/**
 * Compile a validated definition to its machine. Validate first: the compiler
 * trusts that references resolve.
 */
export function compile(def: CampaignDefinition) {
  const ladders = laddersOf(def);
  const h = makeHandlers(def);
  const first = def.phases[0]!;
  const phaseById = (id: string): Phase => def.phases[phaseIndexOf(def, id)]!;

  /** Apply a result: assign its context, emit its effects. */
  const applyResult = (enqueue: { assign: (fn: () => CampaignContext) => void; emit: (e: Effect) => void }, result: Result) => {
    enqueue.assign(() => result.context);
    for (const effect of result.effects) enqueue.emit(effect);
  };

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
        const handler = h.handlers[params.handler] as (c: CampaignContext, e: CampaignEvent) => Result;
        applyResult(enqueue, handler(context, event));
      }),
      enterPhase: enqueueActions(({ context, event, enqueue }, params: { to: string }) => applyResult(enqueue, h.enterPhase(context, event.at, params.to))),
      waitFor: enqueueActions(({ context, enqueue }, params: { next: string }) => applyResult(enqueue, h.waitFor(context, params.next))),
      reviewPassed: enqueueActions(({ context, event, enqueue }, params: { phase: string }) =>
        applyResult(enqueue, h.reviewPassed(context, event as EventOf<'REVIEW'>, params.phase)),
      ),
      reviewFailed: enqueueActions(({ context, event, enqueue }, params: { phase: string; maxRounds: number }) =>
        applyResult(enqueue, h.reviewFailed(context, event as EventOf<'REVIEW'>, params.phase, params.maxRounds)),
      ),
      cancel: enqueueActions(({ context, event, enqueue }) => applyResult(enqueue, h.cancel(context, event.at))),
    },
    guards: {
      /** The phase's exit conditions hold and the next window is open (or next is the final state). */
      readyNextOpen: ({ context, event }, params: { phase: string }) => ready(context, event, params.phase) && nextOpen(context, event, params.phase),
      /** The phase's exit conditions hold but the next window opens later: wait for it. */
      readyNextLater: ({ context, event }, params: { phase: string }) => ready(context, event, params.phase) && !nextOpen(context, event, params.phase),
      passNextOpen: ({ context, event }, params: { phase: string }) => passes(context, event, params.phase) && nextOpen(context, event, params.phase),
      passNextLater: ({ context, event }, params: { phase: string }) => passes(context, event, params.phase) && !nextOpen(context, event, params.phase),
      fails: ({ context, event }, params: { phase: string }) => event.type === 'REVIEW' && event.result === 'fail' && reviewedHere(phaseById(params.phase), context.level),
      windowOpens: ({ event }, params: { phase: string }) => event.type === 'PHASE_OPEN' && event.phase === params.phase,
      startedAtLaunch: ({ context }) => context.waitingFor === null,
      fits: ({ context, event }) => eventProblems(def, context, event).length === 0,
      reportFallsDue: ({ context, event }) => {
        if (event.type !== 'REPORT_DUE') return false;
        const report = def.reports.find((r) => r.id === event.report);
        const key = reportKey(event.report, event.period);
        return (
          !!report &&
          report.filedBy.includes(context.level) &&
          reportDueDate(def, report, event.period, context.calendar) !== undefined &&
          !(key in context.reports) &&
          !(`report:${key}` in context.due)
        );
      },
      taskFallsDue: ({ context, event }) => {
        if (event.type !== 'TASK_DUE') return false;
        const task = def.tasks.find((t) => t.id === event.task);
        return !!task && appliesAt(task.levels, context.level) && taskDueDate(def, task, context.calendar) !== undefined && context.tasks[task.id]?.status !== 'done' && !(`task:${task.id}` in context.due);
      },
      targetFallsDue: ({ context, event }) => {
        if (event.type !== 'TARGET_DUE') return false;
        const indicator = def.indicators.find((i) => i.id === event.indicator);
        return !!indicator && indicator.levels.includes(context.level) && targetDueDate(def, indicator, context.calendar) !== undefined && !(`target:${indicator.id}` in context.due);
      },
      rectificationFallsDue: ({ context, event }) => {
        if (event.type !== 'RECTIFICATION_DUE') return false;
        return Object.entries(context.units).some(
          ([unit, u]) =>
            (event.unit !== undefined ? unit === event.unit : Date.parse(u.dueAt) <= Date.parse(event.at)) &&
            checklistOpenItems(def, context, unit).length > 0 &&
            !(`checklist:${unit}@r${context.round}` in context.due),
        );
      },
      canEscalate: ({ context, event }) => {
        if (event.type !== 'ESCALATE') return false;
        const open = context.escalations[event.key];
        const ladder = open && ladders.find((l) => l.id === open.ladder);
        return !!open && !!ladder && event.step === open.step + 1 && event.step < ladder.steps.length;
      },
      windowKnown: ({ event }) =>
        (event.type === 'SUPERVISION_OPEN' || event.type === 'SUPERVISION_CLOSE') && def.supervision.windows.some((w) => w.id === event.window),
      allTasksDone: ({ context }) => def.tasks.filter((t) => appliesAt(t.levels, context.level)).every((t) => context.tasks[t.id]?.status === 'done'),
      someReportOverdue: ({ context }) => reportOverdue(context),
      noReportOverdue: ({ context }) => !reportOverdue(context),
      checklistsComplete: ({ context }) => checklistOpenItems(def, context).length === 0,
      checklistsOpen: ({ context }) => checklistOpenItems(def, context).length > 0,
      risksOpen: ({ context }) => !risksClosed(def, context),
      risksAllClosed: ({ context }) => risksClosed(def, context),
      nothingOverdue: ({ context }) => !needsAttention(context),
      overdueNotEscalated: ({ context }) => needsAttention(context) && !isEscalated(context),
      escalated: ({ context }) => isEscalated(context),
    },
  });

  function ready(ctx: CampaignContext, event: CampaignEvent, phase: string): boolean {
    const p = phaseById(phase);
    return event.type === 'ADVANCE' && !reviewedHere(p, ctx.level) && exitReasons(def, p, ctx, event.children).length === 0;
  }

  function passes(ctx: CampaignContext, event: CampaignEvent, phase: string): boolean {
    const p = phaseById(phase);
    return event.type === 'REVIEW' && event.result === 'pass' && reviewedHere(p, ctx.level) && exitReasons(def, p, ctx, event.children, true).length === 0;
  }

  /** The window of the phase after `phase` has opened by the event's time (the final state is always open). */
  function nextOpen(ctx: CampaignContext, event: CampaignEvent, phase: string): boolean {
    const next = nextPhase(def, phase);
    return !next || isOpen(ctx, next.id, event.at);
  }

  function reportOverdue(ctx: CampaignContext): boolean {
    return Object.values(ctx.due).some((f) => f.kind === 'report' && f.doneAt === null);
  }

  // ---- the state tree, built as data from the definition; XState checks it when the machine is created ----
  type Config = Record<string, unknown>;
  const phaseStates: Record<string, Config> = {};
  const meta = (kind: string, title: unknown, extra: Record<string, unknown> = {}) => ({ kind, title, ...extra });

  phaseStates[waitingState(first.id)] = {
    meta: meta('waiting', { zh: `等待「${first.title.zh}」开始`, en: `waiting for ${first.title.en} to open` }, { phase: first.id, notStarted: true }),
    always: { guard: 'startedAtLaunch', target: first.id },
    on: { PHASE_OPEN: { guard: { type: 'windowOpens', params: { phase: first.id } }, target: first.id, actions: { type: 'enterPhase', params: { to: first.id } } } },
  };
  def.phases.forEach((phase, i) => {
    const next = def.phases[i + 1];
    const target = next ? next.id : `#campaign.${def.final.id}`;
    const to = next ? next.id : def.final.id;
    const params = { phase: phase.id };
    const moveOn = [
      { guard: { type: 'readyNextOpen', params }, target, actions: { type: 'enterPhase', params: { to } } },
      ...(next ? [{ guard: { type: 'readyNextLater', params }, target: waitingState(next.id), actions: { type: 'waitFor', params: { next: next.id } } }] : []),
    ];
    const on: Config = { ADVANCE: moveOn };
    if (phase.review) {
      const { returnTo, maxRounds } = phase.review;
      // A pass needs the phase's exit conditions and what the review requires; a failure
      // is always taken and sends the instance back for another round.
      on.REVIEW = [
        { guard: { type: 'passNextOpen', params }, target, actions: [{ type: 'reviewPassed', params }, { type: 'enterPhase', params: { to } }] },
        ...(next
          ? [{ guard: { type: 'passNextLater', params }, target: waitingState(next.id), actions: [{ type: 'reviewPassed', params }, { type: 'waitFor', params: { next: next.id } }] }]
          : []),
        { guard: { type: 'fails', params }, target: returnTo, actions: [{ type: 'reviewFailed', params: { phase: phase.id, maxRounds } }, { type: 'enterPhase', params: { to: returnTo } }] },
      ];
    }
    phaseStates[phase.id] = { meta: meta('phase', phase.title, { phase: phase.id }), on };
    if (next) {
      phaseStates[waitingState(next.id)] = {
        meta: meta('waiting', { zh: `等待「${next.title.zh}」开始`, en: `waiting for ${next.title.en} to open` }, { phase: next.id }),
        on: { PHASE_OPEN: { guard: { type: 'windowOpens', params: { phase: next.id } }, target: next.id, actions: { type: 'enterPhase', params: { to: next.id } } } },
      };
    }
  });

  const apply = (handler: HandlerName, guard?: string) => ({ ...(guard ? { guard } : {}), actions: { type: 'apply', params: { handler } } });
  const regions: Record<string, Config> = {
    phase: { initial: waitingState(first.id), states: phaseStates },
  };

  if (def.leadingGroup) {
    regions.leadingGroup = {
      initial: 'forming',
      states: {
        forming: { on: { FORM_LEADING_GROUP: { ...apply('formLeadingGroup', 'fits'), target: 'formed' } } },
        formed: { on: { FORM_LEADING_GROUP: apply('formLeadingGroup', 'fits') } },
      },
    };
  }

  if (def.tasks.length > 0) {
    const taskEvents = { START_TASK: apply('startTask', 'fits'), COMPLETE_TASK: apply('completeTask', 'fits'), TASK_DUE: apply('taskDue', 'taskFallsDue') };
    regions.tasks = {
      initial: 'open',
      states: { open: { always: { guard: 'allTasksDone', target: 'done' }, on: taskEvents }, done: { on: taskEvents } },
    };
  }

  if (def.reports.length > 0) {
    const reportEvents = { FILE_REPORT: apply('fileReport', 'fits'), REPORT_DUE: apply('reportDue', 'reportFallsDue') };
    regions.reporting = {
      initial: 'onTime',
      states: {
        onTime: { always: { guard: 'someReportOverdue', target: 'overdue' }, on: reportEvents },
        overdue: { always: { guard: 'noReportOverdue', target: 'onTime' }, on: reportEvents },
      },
    };
  }

  // Supervision: the windows in which the level above inspects, beside the phases, and
  // whether anything is overdue or escalated (the steps themselves are ladder data).
  const supervision: Record<string, Config> = {};
  if (def.supervision.windows.length > 0) {
    supervision.windows = {
      initial: 'closed',
      states: {
        closed: { on: { SUPERVISION_OPEN: { guard: 'windowKnown', target: 'open' } } },
        open: { on: { SUPERVISION_CLOSE: { guard: 'windowKnown', target: 'closed' } } },
      },
    };
  }
  const escalate = ladders.length > 0 ? { ESCALATE: apply('escalate', 'canEscalate') } : {};
  supervision.escalation = {
    initial: 'clear',
    states: {
      clear: { always: [{ guard: 'escalated', target: 'escalated' }, { guard: 'overdueNotEscalated', target: 'attention' }], on: escalate },
      attention: { always: [{ guard: 'escalated', target: 'escalated' }, { guard: 'nothingOverdue', target: 'clear' }], on: escalate },
      escalated: { always: [{ guard: 'overdueNotEscalated', target: 'attention' }, { guard: 'nothingOverdue', target: 'clear' }], on: escalate },
    },
  };
  regions.supervision = { type: 'parallel', states: supervision };

  if (def.rectification) {
    const checklistEvents = {
      ADD_UNIT: apply('addUnit', 'fits'),
      CHECK_ITEM: apply('checkItem', 'fits'),
      RECTIFICATION_DUE: apply('rectificationDue', 'rectificationFallsDue'),
    };
    regions.checklists = {
      initial: 'open',
      states: {
        open: { always: { guard: 'checklistsComplete', target: 'complete' }, on: checklistEvents },
        complete: { always: { guard: 'checklistsOpen', target: 'open' }, on: checklistEvents },
      },
    };
  }

  if (def.riskList) {
    const riskEvents = { RECORD_RISK: apply('recordRisk', 'fits'), ADVANCE_RISK: apply('advanceRisk', 'fits') };
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
    COMMEND: apply('commend'),
    // The level above may inspect at any time; the windows mark when it plans to.
    INSPECT: apply('inspect'),
    REFERRAL: apply('referral'),
  };
  if (def.indicators.length > 0) {
    runningOn.RECORD_INDICATOR = apply('recordIndicator', 'fits');
    runningOn.TARGET_DUE = apply('targetDue', 'targetFallsDue');
  }
  if (def.cases) {
    runningOn.RECORD_CASE = apply('recordCase', 'fits');
    runningOn.MARK_CASE_MAJOR = apply('markCaseMajor', 'fits');
    runningOn.CLOSE_CASE = apply('closeCase', 'fits');
  }

  const config = {
    id: 'campaign',
    initial: RUNNING,
    context: ({ input }: { input: CampaignInput }): CampaignContext => {
      const calendar = input.calendar ?? { launchDate: '1970-01-01', phases: {} };
      const findings = input.findings ?? [];
      return {
        level: input.level,
        jurisdiction: input.jurisdiction,
        calendar,
        leadingGroup: null,
        phase: first.id,
        phaseSince: null,
        // Launched before the first window opens: the campaign has not started here yet.
        waitingFor: isOpen({ calendar } as CampaignContext, first.id, calendar.launchedAt ?? startOfDay(calendar.launchDate)) ? null : first.id,
        tasks: {},
        reports: {},
        indicators: {},
        due: {},
        escalations: {},
        failedReviews: 0,
        round: 0,
        units: h.initialUnits(findings, calendar.launchDate),
        checks: {},
        findings: findings.map(findingRecord),
        risks: {},
        inspections: 0,
        commendations: 0,
        cases: {},
        referrals: [],
        reviews: [],
      };
    },
    states: {
      [RUNNING]: { type: 'parallel', states: regions, on: runningOn },
      [def.final.id]: { type: 'final', meta: { kind: 'final', title: def.final.title } },
      [CANCELLED]: { type: 'final', meta: { kind: 'cancelled' } },
    },
  };
  // The state tree is assembled from the definition at run time, so its literal types
  // cannot be known to TypeScript; XState validates it when it builds the machine.
  return machineSetup.createMachine(config as unknown as Parameters<typeof machineSetup.createMachine>[0]);
}

export { phaseTasks, leadingGroupHere };
