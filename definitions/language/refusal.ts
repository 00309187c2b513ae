// Why the machine refused an event, in its own terms: the state (closed, waiting for a
// window, a phase that only the level above can end) or the check that failed. The
// engine returns these with every refusal; the API passes them on unchanged.
import { eventProblems, exitReasons, phaseState, reviewedHere } from './checks.js';
import { CANCELLED, phaseIndexOf, type CampaignContext } from './context.js';
import type { CampaignEvent } from './events.js';
import { reasons, type Reason } from './reasons.js';
import type { CampaignDefinition } from './schema.js';

export type RefusedSnapshot = { status: 'active' | 'done'; value: unknown; context: CampaignContext };

/**
 * The reasons an event was refused by an instance in `snapshot`; `allowed` are the
 * event types the state takes at all (for the generic reason when nothing more
 * specific holds).
 */
export function explainRefusal(def: CampaignDefinition, snapshot: RefusedSnapshot, event: CampaignEvent, allowed: readonly string[]): Reason[] {
  if (snapshot.status === 'done') return [snapshot.value === CANCELLED ? reasons.cancelled() : reasons.closed(def.final.title)];
  const ctx = snapshot.context;
  const at = phaseState(snapshot.value);
  const phase = at ? def.phases[phaseIndexOf(def, at.phase)] : undefined;
  switch (event.type) {
    case 'ADVANCE':
    case 'REVIEW': {
      if (!at || !phase) break;
      if (at.waiting) {
        const opens = ctx.calendar.phases[at.phase]?.start ?? '';
        return [at.phase === def.phases[0]!.id && ctx.phase === at.phase ? reasons.notStarted(phase.id, phase.title, opens) : reasons.alreadyWaiting(phase.id, phase.title, opens)];
      }
      const reviewed = reviewedHere(phase, ctx.level);
      if (event.type === 'ADVANCE') {
        if (reviewed) return [reasons.reviewedAbove(phase.id, phase.review!.title)];
        const unmet = exitReasons(def, phase, ctx, event.children);
        if (unmet.length > 0) return unmet;
        break;
      }
      if (!reviewed) return [reasons.noReviewHere(phase.title)];
      if (event.result === 'pass') {
        const unmet = exitReasons(def, phase, ctx, event.children, true);
        if (unmet.length > 0) return unmet;
      }
      break;
    }
    case 'ESCALATE':
      return [reasons.notOpenEscalation(event.key)];
    default: {
      const problems = eventProblems(def, ctx, event);
      if (problems.length > 0) return problems;
    }
  }
  return [reasons.notHandled(event.type, allowed)];
}
