// The ids of the states an instance is in, from its snapshot's value: what `highlight` takes.
import type { AnyStateMachine, StateValue } from 'xstate';

/**
 * Flatten a state value (`{ running: { phase: 'mobilization', … } }`) to the ids of
 * its atomic states (`campaign.running.phase.mobilization`, …), in the order written.
 */
export function activeStateIds(machine: AnyStateMachine, value: StateValue): string[] {
  const ids: string[] = [];
  const walk = (prefix: string, v: StateValue) => {
    if (typeof v === 'string') ids.push(`${prefix}.${v}`);
    else for (const [key, child] of Object.entries(v)) if (child !== undefined) walk(`${prefix}.${key}`, child);
  };
  walk(machine.id, value);
  return ids;
}
