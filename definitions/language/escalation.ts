// Escalation by cause: which ladder answers a cause, and the pure steps of opening,
// climbing and resolving an escalation. The level above acts at each step; the
// machine records the step on the instance and tells the parent.
import type { CampaignContext, DueKind, Effect } from './context.js';
import { afterDelay } from './dates.js';
import type { CampaignDefinition, Ladder } from './schema.js';

/**
 * The definition's ladders. A definition written with the older single `escalation`
 * list has one ladder for anything overdue, its steps as written.
 */
export function laddersOf(def: CampaignDefinition): Ladder[] {
  if (def.supervision.ladders.length > 0 || !def.supervision.escalation?.length) return def.supervision.ladders;
  return [
    {
      id: 'overdue',
      title: { zh: '逾期督办', en: 'Overdue' },
      on: { kind: 'overdue' },
      steps: def.supervision.escalation.map((s) => ({ id: s.step, title: s.title, after: s.after, by: 'parent' as const })),
    },
  ];
}

/** What a cause is about: a due fact's kind and ref, a review's phase, a case. */
export type CauseOf =
  | { cause: 'overdue'; kind: Exclude<DueKind, 'target'>; ref: string }
  | { cause: 'target-missed'; indicator: string }
  | { cause: 'review-failed'; phase: string }
  | { cause: 'major-case' };

/** The first ladder that answers a cause, if any does. */
export function ladderFor(ladders: readonly Ladder[], c: CauseOf): Ladder | undefined {
  return ladders.find((l) => {
    const on = l.on;
    switch (c.cause) {
      case 'overdue':
        return on.kind === 'overdue' && (!on.items || on.items.includes(c.kind)) && (c.kind !== 'report' || !on.reports || on.reports.includes(c.ref));
      case 'target-missed':
        return on.kind === 'target-missed' && (!on.indicators || on.indicators.includes(c.indicator));
      case 'review-failed':
        return on.kind === 'review-failed' && (!on.phases || on.phases.includes(c.phase));
      case 'major-case':
        return on.kind === 'major-case';
    }
  });
}

/** The cause a record key stands for: `report:<id>@<period>`, `task:<id>`, `checklist:<unit>@r<n>`, `target:<id>`, `review:<phase>`, `case:<id>`. */
export function causeOfKey(key: string): CauseOf | undefined {
  const [kind, rest = ''] = key.split(':', 2) as [string, string | undefined];
  switch (kind) {
    case 'report':
      return { cause: 'overdue', kind: 'report', ref: rest.split('@')[0]! };
    case 'task':
      return { cause: 'overdue', kind: 'task', ref: rest };
    case 'checklist':
      return { cause: 'overdue', kind: 'checklist', ref: rest.split('@')[0]! };
    case 'target':
      return { cause: 'target-missed', indicator: rest };
    case 'review':
      return { cause: 'review-failed', phase: rest };
    case 'case':
      return { cause: 'major-case' };
    default:
      return undefined;
  }
}

/** The ladder that answers the cause a record key stands for. */
export function ladderForKey(def: CampaignDefinition, key: string): Ladder | undefined {
  const cause = causeOfKey(key);
  return cause ? ladderFor(laddersOf(def), cause) : undefined;
}

export type Result = { context: CampaignContext; effects: Effect[] };

/** Open an escalation for `key` (if a ladder answers its cause) and schedule the ladder's first step. */
export function openEscalation(def: CampaignDefinition, ladders: readonly Ladder[], ctx: CampaignContext, key: string, c: CauseOf, since: string): Result {
  if (ctx.escalations[key]) return { context: ctx, effects: [] };
  const ladder = ladderFor(ladders, c);
  if (!ladder) return { context: ctx, effects: [] };
  const first = ladder.steps[0]!;
  return {
    context: { ...ctx, escalations: { ...ctx.escalations, [key]: { cause: c.cause, ladder: ladder.id, since, step: -1 } } },
    effects: [{ type: 'schedule', key: `esc:${key}:0`, at: afterDelay(since, first.after, def.dayCount), event: { type: 'ESCALATE', key, step: 0 } }],
  };
}

/** Take ladder step `step` for `key`: record it, tell the level above, schedule the next step. */
export function climb(def: CampaignDefinition, ladders: readonly Ladder[], ctx: CampaignContext, key: string, step: number, at: string): Result {
  const open = ctx.escalations[key]!;
  const ladder = ladders.find((l) => l.id === open.ladder)!;
  const s = ladder.steps[step]!;
  const effects: Effect[] = [
    {
      type: 'notify-parent',
      reason: 'escalated',
      detail: key,
      data: { cause: open.cause, ladder: ladder.id, step: s.id, title: s.title, since: open.since, at },
    },
  ];
  const next = ladder.steps[step + 1];
  if (next) effects.push({ type: 'schedule', key: `esc:${key}:${step + 1}`, at: afterDelay(open.since, next.after, def.dayCount), event: { type: 'ESCALATE', key, step: step + 1 } });
  const fact = ctx.due[key];
  return {
    context: {
      ...ctx,
      escalations: { ...ctx.escalations, [key]: { ...open, step } },
      due: fact ? { ...ctx.due, [key]: { ...fact, step: Math.max(fact.step, step) } } : ctx.due,
    },
    effects,
  };
}

/** The cause of `key` is resolved: the escalation closes and its pending steps are cancelled. */
export function resolveEscalation(ctx: CampaignContext, key: string): Result {
  if (!ctx.escalations[key]) return { context: ctx, effects: [] };
  const { [key]: _closed, ...rest } = ctx.escalations;
  return { context: { ...ctx, escalations: rest }, effects: [{ type: 'cancel', keyPrefix: `esc:${key}:` }] };
}

/** Is the instance escalated to red: a ladder's second step or later, or a results cause whose first step was taken? */
export function isEscalated(ctx: CampaignContext): boolean {
  return Object.values(ctx.escalations).some((e) => e.step >= 1 || (e.step >= 0 && (e.cause === 'target-missed' || e.cause === 'review-failed')));
}

/** The highest step reached by any open escalation; -1 when none has reached a step. */
export function escalationLevel(ctx: CampaignContext): number {
  let level = -1;
  for (const e of Object.values(ctx.escalations)) level = Math.max(level, e.step);
  return level;
}
