// The pure decisions of a campaign machine: every handler is (context, event) →
// (context, effects). Effects are emitted, never performed; lateness is recorded as a
// fact judged by when the thing happened (`event.at`), not by when it was entered.
import { checklistOpenItems, meetsTarget, opensAt, unitComplete } from './checks.js';
import { reportKey, type CampaignContext, type DueFact, type Effect, type FindingRecord } from './context.js';
import { addSpan, shanghaiDate, startOfDay } from './dates.js';
import { daysLate, deadlineOf, reportDueDate, targetDueDate, taskDueDate } from './due.js';
import { climb, laddersOf, openEscalation, resolveEscalation, type CauseOf, type Result } from './escalation.js';
import type { EventOf, Finding } from './events.js';
import type { CampaignDefinition } from './schema.js';

/** A finding as the record keeps it: the unit by id only. */
export function findingRecord(f: Finding): FindingRecord {
  const unit = typeof f.unit === 'string' ? f.unit : f.unit?.id;
  return { text: f.text, ...(unit ? { unit } : {}), ...(f.item ? { item: f.item } : {}) };
}

export function makeHandlers(def: CampaignDefinition) {
  const ladders = laddersOf(def);
  const count = def.dayCount;
  const rect = def.rectification;

  /**
   * The deadline of a unit that enters rectification at `at` (counted from the notice's
   * first day if it joins before it): the start of the day after its last day.
   */
  function unitDeadline(ctx: CampaignContext, at: string): string {
    const day = shanghaiDate(at);
    const from = day < ctx.calendar.launchDate ? ctx.calendar.launchDate : day;
    return startOfDay(addSpan(from, rect?.deadline.days ?? 0, rect?.deadline.count ?? count));
  }

  /** Something fell due and is not done: an open fact, and its ladder starts. */
  function markDue(ctx: CampaignContext, key: string, fact: Pick<DueFact, 'kind' | 'ref' | 'dueAt'> & { period?: string }, cause: CauseOf): Result {
    if (ctx.due[key]) return { context: ctx, effects: [] };
    const open: DueFact = { ...fact, doneAt: null, daysLate: null, step: -1 };
    const next = { ...ctx, due: { ...ctx.due, [key]: open } };
    return openEscalation(def, ladders, next, key, cause, fact.dueAt);
  }

  /** Something due was done at `at`: on time or late, a fact that stays; its escalation (if any) closes. */
  function markDone(ctx: CampaignContext, key: string, fact: Pick<DueFact, 'kind' | 'ref' | 'dueAt'> & { period?: string }, at: string): Result {
    const existing = ctx.due[key];
    if (existing?.doneAt) return { context: ctx, effects: [] };
    const base = existing ?? { ...fact, step: -1 };
    const done: DueFact = { ...base, doneAt: at, daysLate: daysLate(base.dueAt, at, count) };
    return resolveEscalation({ ...ctx, due: { ...ctx.due, [key]: done } }, key);
  }

  function chain(first: Result, ...rest: Array<(ctx: CampaignContext) => Result>): Result {
    let result = first;
    for (const step of rest) {
      const next = step(result.context);
      result = { context: next.context, effects: [...result.effects, ...next.effects] };
    }
    return result;
  }

  function checklistKey(ctx: CampaignContext, unit: string): string {
    return `checklist:${unit}@r${ctx.round}`;
  }

  /** Units a notice starts with: those its definition names, and those the inspection's findings name. */
  function initialUnits(findings: readonly Finding[], launchDate: string): CampaignContext['units'] {
    if (!rect) return {};
    const dueAt = startOfDay(addSpan(launchDate, rect.deadline.days, rect.deadline.count ?? count));
    const units: CampaignContext['units'] = {};
    for (const s of rect.scope) for (const u of s.units) units[u.id] = { kind: s.kind, title: u.title.zh, addedAt: startOfDay(launchDate), dueAt };
    for (const f of findings) {
      if (typeof f.unit === 'object' && !(f.unit.id in units) && rect.scope.some((s) => s.kind === (f.unit as { kind: string }).kind))
        units[f.unit.id] = { kind: f.unit.kind, title: f.unit.title, addedAt: startOfDay(launchDate), dueAt };
    }
    return units;
  }

  const handlers = {
    formLeadingGroup: (ctx: CampaignContext, e: EventOf<'FORM_LEADING_GROUP'>): Result => {
      return { context: { ...ctx, leadingGroup: { members: e.members, formedAt: e.at } }, effects: [] };
    },
    startTask: (ctx: CampaignContext, e: EventOf<'START_TASK'>): Result => {
      return { context: { ...ctx, tasks: { ...ctx.tasks, [e.task]: { status: 'started', at: e.at, evidence: 0 } } }, effects: [] };
    },
    completeTask: (ctx: CampaignContext, e: EventOf<'COMPLETE_TASK'>): Result => {
      const next = { ...ctx, tasks: { ...ctx.tasks, [e.task]: { status: 'done' as const, at: e.at, evidence: e.evidence.length } } };
      const task = def.tasks.find((t) => t.id === e.task)!;
      const due = taskDueDate(def, task, ctx.calendar);
      return due === undefined ? { context: next, effects: [] } : markDone(next, `task:${task.id}`, { kind: 'task', ref: task.id, dueAt: deadlineOf(due) }, e.at);
    },
    taskDue: (ctx: CampaignContext, e: EventOf<'TASK_DUE'>): Result => {
      const task = def.tasks.find((t) => t.id === e.task)!;
      const due = taskDueDate(def, task, ctx.calendar)!;
      return markDue(ctx, `task:${task.id}`, { kind: 'task', ref: task.id, dueAt: deadlineOf(due) }, { cause: 'overdue', kind: 'task', ref: task.id });
    },
    fileReport: (ctx: CampaignContext, e: EventOf<'FILE_REPORT'>): Result => {
      const key = reportKey(e.report, e.period);
      const report = def.reports.find((r) => r.id === e.report)!;
      const dueAt = deadlineOf(reportDueDate(def, report, e.period, ctx.calendar)!);
      const filed = { ...ctx, reports: { ...ctx.reports, [key]: { filedAt: e.at, daysLate: daysLate(dueAt, e.at, count), ...(e.figures ? { figures: e.figures } : {}) } } };
      return markDone(filed, `report:${key}`, { kind: 'report', ref: e.report, period: e.period, dueAt }, e.at);
    },
    reportDue: (ctx: CampaignContext, e: EventOf<'REPORT_DUE'>): Result => {
      const report = def.reports.find((r) => r.id === e.report)!;
      const dueAt = deadlineOf(reportDueDate(def, report, e.period, ctx.calendar)!);
      return markDue(ctx, `report:${reportKey(e.report, e.period)}`, { kind: 'report', ref: e.report, period: e.period, dueAt }, { cause: 'overdue', kind: 'report', ref: e.report });
    },
    targetDue: (ctx: CampaignContext, e: EventOf<'TARGET_DUE'>): Result => {
      const indicator = def.indicators.find((i) => i.id === e.indicator)!;
      const dueAt = deadlineOf(targetDueDate(def, indicator, ctx.calendar)!);
      const key = `target:${indicator.id}`;
      const fact = { kind: 'target' as const, ref: indicator.id, dueAt };
      // Met by its date: a fact on time. Missed: open, and the level above answers a result, not paperwork.
      return meetsTarget(indicator, ctx.indicators[indicator.id])
        ? markDone(ctx, key, fact, dueAt)
        : markDue(ctx, key, fact, { cause: 'target-missed', indicator: indicator.id });
    },
    recordIndicator: (ctx: CampaignContext, e: EventOf<'RECORD_INDICATOR'>): Result => {
      const next = { ...ctx, indicators: { ...ctx.indicators, [e.indicator]: e.value } };
      const key = `target:${e.indicator}`;
      const open = ctx.due[key];
      const indicator = def.indicators.find((i) => i.id === e.indicator)!;
      // A target missed at its date and met later: done, as late as it was.
      return open && !open.doneAt && meetsTarget(indicator, e.value) ? markDone(next, key, open, e.at) : { context: next, effects: [] };
    },
    escalate: (ctx: CampaignContext, e: EventOf<'ESCALATE'>): Result => {
      return climb(def, ladders, ctx, e.key, e.step, e.at);
    },
    inspect: (ctx: CampaignContext, e: EventOf<'INSPECT'>): Result => {
      const open = e.openRectification;
      const effects: Effect[] = open
        ? [{ type: 'open-rectification', definition: open.definition, version: open.version, start: open.start, findings: e.findings }]
        : [];
      return { context: { ...ctx, inspections: ctx.inspections + 1 }, effects };
    },
    addUnit: (ctx: CampaignContext, e: EventOf<'ADD_UNIT'>): Result => {
      // A unit found later is held to its own deadline, counted from the day it joins.
      const dueAt = unitDeadline(ctx, e.at);
      return {
        context: { ...ctx, units: { ...ctx.units, [e.unit]: { kind: e.kind, title: e.title, addedAt: e.at, dueAt } } },
        effects: [{ type: 'schedule', key: `rectification:${e.unit}@r${ctx.round}`, at: dueAt, event: { type: 'RECTIFICATION_DUE', unit: e.unit } }],
      };
    },
    checkItem: (ctx: CampaignContext, e: EventOf<'CHECK_ITEM'>): Result => {
      const key = `${e.unit}/${e.item}`;
      const checks = { ...ctx.checks };
      if (e.done) checks[key] = true;
      else delete checks[key];
      const next = { ...ctx, checks };
      const unit = ctx.units[e.unit]!;
      return e.done && unitComplete(def, next, e.unit)
        ? markDone(next, checklistKey(ctx, e.unit), { kind: 'checklist', ref: e.unit, dueAt: unit.dueAt }, e.at)
        : { context: next, effects: [] };
    },
    rectificationDue: (ctx: CampaignContext, e: EventOf<'RECTIFICATION_DUE'>): Result => {
      const lists = rect?.checklists ?? [];
      let result: Result = { context: ctx, effects: [] };
      for (const [unit, u] of Object.entries(ctx.units)) {
        // One unit's own deadline, or every unit due by now.
        if (e.unit !== undefined ? unit !== e.unit : Date.parse(u.dueAt) > Date.parse(e.at)) continue;
        if (unitComplete(def, ctx, unit)) continue;
        const key = checklistKey(ctx, unit);
        if (result.context.due[key]) continue;
        result = chain(result, (c) => markDue(c, key, { kind: 'checklist', ref: unit, dueAt: u.dueAt }, { cause: 'overdue', kind: 'checklist', ref: unit }));
        for (const item of lists.find((c) => c.kind === u.kind)?.items ?? []) {
          if (!item.onOverdue || ctx.checks[`${unit}/${item.id}`]) continue;
          const actions = typeof item.onOverdue === 'string' ? [item.onOverdue] : item.onOverdue;
          if (actions.includes('suspend-business')) result.effects.push({ type: 'suspend-business', unit, unitTitle: u.title, item: item.id });
          if (actions.includes('refer-up')) result.effects.push({ type: 'refer-up', unit, unitTitle: u.title, item: item.id, itemText: item.text.zh, actions });
        }
      }
      return result;
    },
    recordRisk: (ctx: CampaignContext, e: EventOf<'RECORD_RISK'>): Result => {
      return { context: { ...ctx, risks: { ...ctx.risks, [e.risk]: { title: e.title, assignee: e.assignee, stage: 0 } } }, effects: [] };
    },
    advanceRisk: (ctx: CampaignContext, e: EventOf<'ADVANCE_RISK'>): Result => {
      const r = ctx.risks[e.risk]!;
      return { context: { ...ctx, risks: { ...ctx.risks, [e.risk]: { ...r, stage: r.stage + 1 } } }, effects: [] };
    },
    commend: (ctx: CampaignContext): Result => {
      return { context: { ...ctx, commendations: ctx.commendations + 1 }, effects: [] };
    },
    recordCase: (ctx: CampaignContext, e: EventOf<'RECORD_CASE'>): Result => {
      const next = { ...ctx, cases: { ...ctx.cases, [e.case]: { title: e.title, major: e.major, openedAt: e.at, majorAt: e.major ? e.at : null, closedAt: null } } };
      return e.major ? openEscalation(def, ladders, next, `case:${e.case}`, { cause: 'major-case' }, e.at) : { context: next, effects: [] };
    },
    markCaseMajor: (ctx: CampaignContext, e: EventOf<'MARK_CASE_MAJOR'>): Result => {
      const c = ctx.cases[e.case]!;
      const next = { ...ctx, cases: { ...ctx.cases, [e.case]: { ...c, major: true, majorAt: e.at } } };
      return openEscalation(def, ladders, next, `case:${e.case}`, { cause: 'major-case' }, e.at);
    },
    closeCase: (ctx: CampaignContext, e: EventOf<'CLOSE_CASE'>): Result => {
      const c = ctx.cases[e.case]!;
      return resolveEscalation({ ...ctx, cases: { ...ctx.cases, [e.case]: { ...c, closedAt: e.at } } }, `case:${e.case}`);
    },
    referral: (ctx: CampaignContext, e: EventOf<'REFERRAL'>): Result => {
      const { type: _type, at, children: _children, ...rest } = e;
      return { context: { ...ctx, referrals: [...ctx.referrals, { at, ...rest }] }, effects: [] };
    },
  };

  // ---- phase moves: not keyed by event type, called by the machine's transitions ----

  /** Enter a phase (or the final state), now. */
  function enterPhase(ctx: CampaignContext, at: string, to: string): Result {
    const isFinal = to === def.final.id;
    const stop = isFinal ? stopEscalations(ctx) : { context: ctx, effects: [] };
    return {
      context: { ...stop.context, phase: to, phaseSince: at, waitingFor: null },
      effects: [...stop.effects, { type: 'notify-parent', reason: isFinal ? 'closed' : 'phase-entered', detail: to }],
    };
  }

  /** The work of a phase is done and the next window has not opened: wait for it, and move in when it opens. */
  function waitFor(ctx: CampaignContext, next: string): Result {
    const opens = opensAt(ctx, next)!;
    return {
      context: { ...ctx, waitingFor: next },
      effects: [
        { type: 'schedule', key: `open:${next}`, at: opens, event: { type: 'PHASE_OPEN', phase: next } },
        { type: 'notify-parent', reason: 'waiting', detail: next },
      ],
    };
  }

  /** Every open escalation stops: the instance closed or was cancelled (the facts stay). */
  function stopEscalations(ctx: CampaignContext): Result {
    if (Object.keys(ctx.escalations).length === 0) return { context: ctx, effects: [] };
    return { context: { ...ctx, escalations: {} }, effects: [{ type: 'cancel', keyPrefix: 'esc:' }] };
  }

  function reviewPassed(ctx: CampaignContext, e: EventOf<'REVIEW'>, phase: string): Result {
    const next = { ...ctx, failedReviews: 0, reviews: [...ctx.reviews, { phase, result: 'pass' as const, at: e.at, findings: e.findings.map(findingRecord) }] };
    return resolveEscalation(next, `review:${phase}`);
  }

  function reviewFailed(ctx: CampaignContext, e: EventOf<'REVIEW'>, phase: string, maxRounds: number): Result {
    const failed = ctx.failedReviews + 1;
    let result: Result = {
      context: { ...ctx, failedReviews: failed, reviews: [...ctx.reviews, { phase, result: 'fail', at: e.at, findings: e.findings.map(findingRecord) }] },
      effects: [{ type: 'notify-parent', reason: 'review-failed', detail: phase, data: { round: failed } }],
    };
    if (rect) {
      // Another round: the items the reviewer names (all, if none named) are open again,
      // and every unit gets a new deadline counted from today.
      const checks = { ...result.context.checks };
      if (e.reopen.length === 0) for (const key of Object.keys(checks)) delete checks[key];
      else for (const r of e.reopen) delete checks[`${r.unit}/${r.item}`];
      const round = ctx.round + 1;
      const dueAt = unitDeadline(ctx, e.at);
      const units = Object.fromEntries(Object.entries(ctx.units).map(([id, u]) => [id, { ...u, dueAt }]));
      result = {
        context: { ...result.context, checks, round, units },
        effects: [...result.effects, { type: 'schedule', key: `rectification:r${round}`, at: dueAt, event: { type: 'RECTIFICATION_DUE' } }],
      };
    }
    result = chain(result, (c) => openEscalation(def, ladders, c, `review:${phase}`, { cause: 'review-failed', phase }, e.at));
    if (failed >= maxRounds) result.effects.push({ type: 'notify-parent', reason: 'escalated', detail: `review:${phase}`, data: { cause: 'review-failed', rounds: failed } });
    return result;
  }

  function cancel(ctx: CampaignContext, at: string): Result {
    const stop = stopEscalations(ctx);
    return { context: { ...stop.context, phaseSince: at, waitingFor: null }, effects: stop.effects };
  }

  return { handlers, enterPhase, waitFor, reviewPassed, reviewFailed, cancel, initialUnits, checklistOpenItems: (ctx: CampaignContext) => checklistOpenItems(def, ctx) };
}

export type Handlers = ReturnType<typeof makeHandlers>['handlers'];
export type HandlerName = keyof Handlers;
