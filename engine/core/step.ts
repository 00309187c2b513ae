// The engine's pure core: (compiled definition, persisted snapshot, event) → (next
// snapshot, effects), or a refusal naming the events the state does accept. No I/O,
// no clock: the event carries its own time. Only the runner performs effects.
import { getStateNodes, initialTransition, transition, type AnyMachineSnapshot, type AnyStateNode, type StateValue } from 'xstate';
import { compile, escalationLevel, type CampaignContext, type CampaignInput, type Effect, RUNNING, CANCELLED } from '../../definitions/language/compile.js';
import type { CampaignEvent, EventType } from '../../definitions/language/events.js';
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { phaseIndex, type Health } from '../../definitions/vocabulary.js';
import xstatePackage from 'xstate/package.json' with { type: 'json' };

/** The xstate version recorded with every snapshot: its persisted format has changed within v5 before. */
export const XSTATE_VERSION: string = xstatePackage.version;

/** What is stored of a machine snapshot: enough to rebuild it exactly. */
export type Persisted = { status: 'active' | 'done'; value: StateValue; context: CampaignContext };

export type Compiled = {
  definition: CampaignDefinition;
  machine: ReturnType<typeof compile>;
};

export function compileDefinition(definition: CampaignDefinition): Compiled {
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
  escalation: number;
  overdueCount: number;
  tasksDone: number;
  tasksTotal: number;
  reportsFiled: number;
  indicators: CampaignContext['indicators'];
  closed: boolean;
};

export function currentPhase(definition: CampaignDefinition, persisted: Persisted): string {
  const value = persisted.value;
  if (typeof value === 'string') return value === CANCELLED ? CANCELLED : definition.final.id;
  const running = (value as Record<string, StateValue>)[RUNNING] as Record<string, StateValue>;
  return running.phase as string;
}

export function summarize(definition: CampaignDefinition, persisted: Persisted): Summary {
  const ctx = persisted.context;
  const phase = currentPhase(definition, persisted);
  const escalation = escalationLevel(ctx);
  const overdueCount = Object.keys(ctx.overdue).length;
  const criticiseAt = definition.supervision.escalation.findIndex((s) => s.step !== 'remind');
  const closed = persisted.status === 'done';
  const health: Health =
    phase === CANCELLED ? 'cancelled'
    : closed ? 'closed'
    : criticiseAt >= 0 && escalation >= criticiseAt ? 'red'
    : overdueCount > 0 ? 'yellow'
    : 'green';
  const applicable = definition.tasks.filter((t) => !t.levels || t.levels.includes(ctx.level)).map((t) => t.id);
  return {
    phase,
    phaseIndex: phaseIndex(definition, phase),
    health,
    escalation,
    overdueCount,
    tasksDone: applicable.filter((t) => ctx.tasks[t]?.status === 'done').length,
    tasksTotal: applicable.length,
    reportsFiled: Object.keys(ctx.reports).length,
    indicators: ctx.indicators,
    closed,
  };
}
