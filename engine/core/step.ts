// The engine's pure core: (compiled definition, persisted snapshot, event) → (next
// snapshot, effects), or a refusal naming the events the state does accept. No I/O,
// no clock: the event carries its own time. Only the runner performs effects.
import { getStateNodes, initialTransition, transition, type AnyMachineSnapshot, type AnyStateNode, type StateValue } from 'xstate';
import {
  CANCELLED,
  compile,
  escalationLevel,
  exitReasons,
  isEscalated,
  needsAttention,
  phaseState,
  reviewedHere,
  reportKey,
  type CampaignContext,
  type CampaignInput,
  type Effect,
} from '../../definitions/language/compile.js';
import { CampaignDefinition as DefinitionSchema } from '../../definitions/language/schema.js';
import type { CampaignEvent, EventType } from '../../definitions/language/events.js';
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { phaseIndex, type Health, type Standing } from '../../definitions/vocabulary.js';
import xstatePackage from 'xstate/package.json' with { type: 'json' };

/** The xstate version recorded with every snapshot: its persisted format has changed within v5 before. */
export const XSTATE_VERSION: string = xstatePackage.version;

/** What is stored of a machine snapshot: enough to rebuild it exactly. */
export type Persisted = { status: 'active' | 'done'; value: StateValue; context: CampaignContext };

export type Compiled = {
  definition: CampaignDefinition;
  machine: ReturnType<typeof compile>;
};

/**
 * Compile a published definition. Its stored content is parsed again, so a version
 * published before the language gained a field reads with that field's default.
 */
export function compileDefinition(content: CampaignDefinition): Compiled {
  const definition = DefinitionSchema.parse(content);
  return { definition, machine: compile(definition) };
}

export type StepResult =
  | { accepted: true; persisted: Persisted; effects: Effect[] }
  | { accepted: false; allowed: EventType[] };

function persist(snapshot: AnyMachineSnapshot): Persisted {
  const { value, context } = snapshot as { value: StateValue; context: CampaignContext };
  return { status: snapshot.status === 'done' ? 'done' : 'active', value, context };
}

export function restore(compiled: Compiled, persisted: Persisted): AnyMachineSnapshot {
  return compiled.machine.resolveState({ value: persisted.value, context: persisted.context });
}

/** The first snapshot of an instance; its effects are none (deadlines are scheduled at launch). */
export function initialPersisted(compiled: Compiled, input: CampaignInput): Persisted {
  const [snapshot] = initialTransition(compiled.machine, input);
  return persist(snapshot);
}

/** Event types with a transition in the current state, whatever their guards say. */
export function eventTypesHere(snapshot: AnyMachineSnapshot): EventType[] {
  if (snapshot.status !== 'active') return [];
  const types = new Set<string>();
  // Every active state node (the root, each region, each atomic state) and the events it handles itself.
  // (An AnyMachineSnapshot types its value and events as `any`; they are a state value and event type names.)
  const nodes: AnyStateNode[] = getStateNodes(snapshot.machine.root, snapshot.value as StateValue);
  for (const node of nodes) for (const type of node.ownEvents as string[]) if (!type.startsWith('xstate.')) types.add(type);
  return [...types].sort() as EventType[];
}

export function step(compiled: Compiled, persisted: Persisted, event: CampaignEvent): StepResult {
  const snapshot = restore(compiled, persisted);
  const [next, actions] = transition(compiled.machine, snapshot, event);
  // XState hands back the very same snapshot when no transition was enabled.
  if (next === snapshot) return { accepted: false, allowed: eventTypesHere(snapshot) };
  const effects: Effect[] = [];
  for (const action of actions) {
    // Emitted events are the effects; the action union's type does not name built-ins.
    if ((action.type as string) === 'xstate.emit') effects.push((action.params as { event: Effect }).event);
  }
  return { accepted: true, persisted: persist(next), effects };
}

// ---------------------------------------------------------------- summary

/** The columns the roll-up reads; derived from the snapshot alone. */
export type Summary = {
  phase: string;
  phaseIndex: number;
  health: Health;
  standing: Standing;
  /** The date the phase waited for opens (when not started or waiting). */
  waitingUntil: string | null;
  escalation: number;
  /** Due things not done and past due now. */
  overdueCount: number;
  /** Due things done late, and done on time; days late summed over the late ones. */
  lateCount: number;
  onTimeCount: number;
  daysLate: number;
  tasksDone: number;
  tasksTotal: number;
  reportsFiled: number;
  indicators: CampaignContext['indicators'];
  /** Matters reported up to this instance from notices below. */
  referrals: number;
  casesOpen: number;
  majorCases: number;
  closed: boolean;
};

export function currentPhase(definition: CampaignDefinition, persisted: Persisted): string {
  const value = persisted.value;
  if (typeof value === 'string') return value === CANCELLED ? CANCELLED : definition.final.id;
  // While waiting, the phase whose work is done; before the start, the first phase.
  return persisted.context.phase;
}

function standingOf(definition: CampaignDefinition, persisted: Persisted): Standing {
  if (persisted.status === 'done') return persisted.value === CANCELLED ? 'cancelled' : 'closed';
  const at = phaseState(persisted.value);
  if (at?.waiting) return at.phase === definition.phases[0]!.id && persisted.context.phase === at.phase ? 'not-started' : 'waiting';
  const phase = definition.phases.find((p) => p.id === at?.phase);
  if (phase && reviewedHere(phase, persisted.context.level) && exitReasons(definition, phase, persisted.context, undefined, true).length === 0) return 'awaiting-review';
  return 'working';
}

export function summarize(definition: CampaignDefinition, persisted: Persisted): Summary {
  const ctx = persisted.context;
  const phase = currentPhase(definition, persisted);
  const closed = persisted.status === 'done';
  const standing = standingOf(definition, persisted);
  const health: Health =
    standing === 'cancelled' ? 'cancelled' : closed ? 'closed' : isEscalated(ctx) ? 'red' : needsAttention(ctx) ? 'yellow' : 'green';
  const facts = Object.values(ctx.due);
  const late = facts.filter((f) => f.doneAt !== null && (f.daysLate ?? 0) > 0);
  const applicable = definition.tasks.filter((t) => !t.levels || t.levels.includes(ctx.level)).map((t) => t.id);
  const cases = Object.values(ctx.cases);
  return {
    phase,
    phaseIndex: phaseIndex(definition, phase),
    health,
    standing,
    waitingUntil: (standing === 'waiting' || standing === 'not-started') && ctx.waitingFor ? (ctx.calendar.phases[ctx.waitingFor]?.start ?? null) : null,
    escalation: escalationLevel(ctx),
    overdueCount: facts.filter((f) => f.doneAt === null).length,
    lateCount: late.length,
    onTimeCount: facts.filter((f) => f.doneAt !== null && f.daysLate === 0).length,
    daysLate: late.reduce((a, f) => a + (f.daysLate ?? 0), 0),
    tasksDone: applicable.filter((t) => ctx.tasks[t]?.status === 'done').length,
    tasksTotal: applicable.length,
    reportsFiled: Object.keys(ctx.reports).length,
    indicators: ctx.indicators,
    referrals: ctx.referrals.length,
    casesOpen: cases.filter((c) => c.closedAt === null).length,
    majorCases: cases.filter((c) => c.major).length,
    closed,
  };
}

/**
 * Is a pending deadline still ahead for this instance? A campaign-wide deadline stays
 * pending until it fires for every instance of its level; one whose thing this
 * instance already did (the report period filed, the task done) is not its deadline any more.
 */
export function stillDueHere(ctx: CampaignContext, event: { type?: unknown; report?: unknown; period?: unknown; task?: unknown }): boolean {
  if (event.type === 'REPORT_DUE') return !(reportKey(String(event.report), String(event.period)) in ctx.reports);
  if (event.type === 'TASK_DUE') return ctx.tasks[String(event.task)]?.status !== 'done';
  return true;
}
