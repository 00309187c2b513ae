// Driving a compiled campaign machine in tests, purely: xstate's initialTransition
// and transition compute the next snapshot and return the actions without running
// them, so the effects a step emits can be read from its `xstate.emit` actions.
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { compile, type CampaignMachine, type Effect } from '../../definitions/language/compile.js';
import type { CampaignCalendar } from '../../definitions/language/due.js';
import { calendarOf, resolveDates } from '../../engine/core/schedule.js';
import { parseEvent, type CampaignEvent, type EventType } from '../../definitions/language/events.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import { formatIssue, validateDefinition } from '../../definitions/language/validate.js';

export type Snapshot = SnapshotFrom<CampaignMachine>;

/** The instant every test event happens at, unless a test says otherwise. */
export const AT = '2024-03-01T09:00:00+08:00';

/** Validate (the compiler trusts its input) and compile; a test fixture that does not validate is a bug in the test. */
export function compileDefinition(input: unknown): { def: CampaignDefinition; machine: CampaignMachine } {
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(`fixture does not validate:\n${result.issues.map(formatIssue).join('\n')}`);
  return { def: result.definition, machine: compile(result.definition) };
}

/**
 * An event as the engine would deliver it: parsed by parseEvent, so payload
 * defaults are filled in and a malformed test event fails loudly.
 */
export function ev(type: EventType, payload: Record<string, unknown> = {}, at = AT): CampaignEvent {
  const parsed = parseEvent({ type, at, ...payload });
  if (!parsed.success) throw new Error(`bad test event ${type}: ${parsed.error.message}`);
  return parsed.data;
}

/** A definition's calendar as a launch on `launchDate` fixes it. */
export function calendarFor(def: CampaignDefinition, launchDate: string): CampaignCalendar {
  return calendarOf(resolveDates(def, launchDate));
}

/** The instant a calendar date begins in Asia/Shanghai, as the engine writes instants. */
export function day(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
}

/** The effects emitted by a step, in order. */
export function effectsOf(actions: readonly { type: string; params?: unknown }[]): Effect[] {
  return actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: Effect }).event);
}

/** A machine with a running snapshot, stepped one event at a time. */
export class Run {
  snapshot: Snapshot;
  /** The effects of the last step. */
  effects: Effect[] = [];

  constructor(
    readonly machine: CampaignMachine,
    level: Level,
    jurisdiction = '141181',
    calendar?: CampaignCalendar,
  ) {
    this.snapshot = initialTransition(machine, { level, jurisdiction, ...(calendar ? { calendar } : {}) })[0];
  }

  /** Send an event; it must be accepted (`can`), or the test is wrong about the machine. */
  send(event: CampaignEvent): this {
    if (!this.snapshot.can(event)) throw new Error(`${event.type} was refused in ${JSON.stringify(this.snapshot.value)}`);
    return this.force(event);
  }

  /** Send an event whether or not it is accepted. */
  force(event: CampaignEvent): this {
    const [next, actions] = transition(this.machine, this.snapshot, event);
    this.snapshot = next;
    this.effects = effectsOf(actions);
    return this;
  }

  can(event: CampaignEvent): boolean {
    return this.snapshot.can(event);
  }

  get context() {
    return this.snapshot.context;
  }

  /** The value of one region of the running state, e.g. `phase` or `reporting`. */
  region(name: string): unknown {
    const value = this.snapshot.value;
    return typeof value === 'object' ? (value as Record<string, Record<string, unknown>>).running?.[name] : undefined;
  }

  get phase(): unknown {
    return typeof this.snapshot.value === 'string' ? this.snapshot.value : this.region('phase');
  }

  get ladder(): unknown {
    return (this.region('supervision') as Record<string, unknown> | undefined)?.escalation;
  }
}
