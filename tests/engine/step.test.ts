// The pure core's list of the events a state handles, checked against XState's own
// list of the transitions that could be taken from there, over every state the model
// of each shipped definition reaches.
import { readdirSync, readFileSync } from 'node:fs';
import { getShortestPaths } from '@xstate/graph';
import { getNextTransitions } from 'xstate';
import { describe, expect, it } from 'vitest';
import { eventTypesHere } from '../../engine/core/step.js';
import { compileDefinition } from '../definitions/harness.js';
import { progressEvents, progressKey } from '../definitions/model.js';

const DIR = new URL('../../definitions/', import.meta.url);
const shipped = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'schema.json')
  .sort();

describe.each(shipped.map((file) => ({ file })))('$file', ({ file }) => {
  const { def, machine } = compileDefinition(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));

  it('names, in every reachable state at every level, the event types with a transition there, whatever their guards', () => {
    let states = 0;
    for (const level of def.levels.participating) {
      const paths = getShortestPaths(machine, {
        input: { level, jurisdiction: 'model' },
        events: progressEvents(def, level),
        serializeState: progressKey(def),
        limit: 200_000,
      });
      for (const { state } of paths) {
        // XState's own list, inert transitions (no target, no action) left out, as the events a state handles.
        const handled = getNextTransitions(state).filter((t) => t.target !== undefined || t.actions.length > 0 || t.reenter);
        const expected =
          state.status === 'active' ? [...new Set(handled.map((t) => String(t.eventType)))].filter((e) => e !== '' && !e.startsWith('xstate.')).sort() : [];
        expect(eventTypesHere(state), JSON.stringify(state.value)).toEqual(expected);
        states += 1;
      }
    }
    expect(states).toBeGreaterThan(20);
  }, 60_000);
});
