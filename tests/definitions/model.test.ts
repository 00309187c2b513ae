// Model-based tests of every campaign definition in definitions/*.json, at every
// participating level, with @xstate/graph: the compiled machine is explored with
// payload-carrying events generated from the definition (see model.ts), and the
// explored graph must reach every phase, have no dead ends, hold ADVANCE back until
// the exit conditions hold, and let supervision escalate to the top and back.
import { readdirSync, readFileSync } from 'node:fs';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { ActorLogic } from 'xstate';
import type { CampaignInput } from '../../definitions/language/compile.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignEvent } from '../../definitions/language/events.js';
import type { Level } from '../../definitions/language/schema.js';
import { FIXTURES_BY_FILE } from './fixtures.js';
import { compileDefinition, ev, type Snapshot } from './harness.js';
import { allChildrenPast, childLevel, escalationModel, exitConditionsHold, ladderOf, modelCalendar, progressEvents, progressKey, regionOf } from './model.js';

const DEFINITIONS_DIR = new URL('../../definitions/', import.meta.url);

/** Every definition file, with a fixture standing in for each expected file not written yet. */
function definitionsUnderTest(): { name: string; input: unknown }[] {
  const files = readdirSync(DEFINITIONS_DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
  const cases = files.map((f) => ({ name: f, input: JSON.parse(readFileSync(new URL(f, DEFINITIONS_DIR), 'utf8')) as unknown }));
  for (const [file, make] of Object.entries(FIXTURES_BY_FILE)) {
    if (!files.includes(file)) cases.push({ name: `${file} (fixture until the file exists)`, input: make() });
  }
  return cases;
}

/** A bound on the traversal: a model that outgrows it has exploded and should fail, not hang. */
const LIMIT = 200_000;

type Explored = {
  /** Every reachable snapshot, with the shortest path to it. */
  paths: ReturnType<typeof getShortestPaths<ReturnType<typeof compileDefinition>['machine']>>;
  /** Keys of every reachable snapshot, and for each the keys of its successors. */
  edges: Map<string, Set<string>>;
  key: (s: Snapshot) => string;
};

function phaseOf(s: Snapshot): string | undefined {
  return typeof s.value === 'string' ? s.value : (regionOf(s, 'phase') as string | undefined);
}

function describeState(s: Snapshot): string {
  return `${JSON.stringify(s.value)} tasks=${Object.keys(s.context.tasks).join(',')} reports=${Object.keys(s.context.reports).join(',')} due=${Object.keys(s.context.due).join(',')}`;
}

describe.each(definitionsUnderTest())('$name', ({ input }) => {
  const { def, machine } = compileDefinition(input);

  describe.each(def.levels.participating.map((level) => ({ level })))('at the $level level', ({ level }: { level: Level }) => {
    const options = { input: { level, jurisdiction: 'model', calendar: modelCalendar(def) }, limit: LIMIT };
    let explored: Explored;

    beforeAll(() => {
      const events = progressEvents(def, level);
      const key = progressKey(def);
      const traversal = { ...options, events, serializeState: key };
      const paths = getShortestPaths(machine, traversal);
      // getAdjacencyMap's signature drops the machine's emitted-event type, so the
      // machine is passed as the plain actor logic it is.
      const logic = machine as unknown as ActorLogic<Snapshot, CampaignEvent, CampaignInput>;
      const edges = new Map<string, Set<string>>();
      for (const { state, nextState } of adjacencyMapToArray(getAdjacencyMap(logic, traversal))) {
        const from = key(state);
        (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(key(nextState));
      }
      explored = { paths, edges, key };
      // About a second for the largest level here; the margin is for a loaded CI machine.
    }, 60_000);

    it('reaches every phase and the final state', () => {
      const reached = new Set(explored.paths.map((p) => phaseOf(p.state)));
      for (const phase of def.phases) expect(reached, `phase ${phase.id}`).toContain(phase.id);
      expect(reached).toContain(def.final.id);
    });

    it('can reach the final state from every reachable state (no dead ends)', () => {
      const finalKeys = explored.paths.filter((p) => p.state.value === def.final.id).map((p) => explored.key(p.state));
      expect(finalKeys.length).toBeGreaterThan(0);
      // Walk the edges backwards from the final state.
      const into = new Map<string, string[]>();
      for (const [from, tos] of explored.edges) for (const to of tos) (into.get(to) ?? into.set(to, []).get(to)!).push(from);
      const canFinish = new Set(finalKeys);
      const queue = [...finalKeys];
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
        for (const from of into.get(k) ?? []) {
          if (canFinish.has(from)) continue;
          canFinish.add(from);
          queue.push(from);
        }
      }
      const deadEnds = explored.paths
        .map((p) => p.state)
        .filter((s) => s.status === 'active' && !canFinish.has(explored.key(s)))
        .map(describeState);
      expect(deadEnds).toEqual([]);
      // Every explored state is active, closed, or cancelled: nothing else ends a campaign.
      const ends = new Set(explored.paths.filter((p) => p.state.status === 'done').map((p) => p.state.value));
      expect([...ends].sort()).toEqual([def.final.id, 'cancelled'].sort());
    });

    it('refuses ADVANCE (or a review) in each phase until its exit conditions hold', () => {
      const past = childLevel(def, level) ? allChildrenPast(def) : undefined;
      const nonePast = { total: 2, past: {} };
      const wrong: string[] = [];
      let refused = 0;
      for (const { state } of explored.paths) {
        // Waiting for a window (`before:<phase>`) is not a phase of work: nothing to leave.
        const phase = def.phases.find((p) => p.id === phaseOf(state));
        if (!phase || state.status !== 'active') continue;
        const reviewed = !!phase.review && (!phase.review.levels || phase.review.levels.includes(level));
        const attempts: [CampaignEvent, boolean][] = [];
        const move = (children: typeof past) =>
          reviewed ? ev('REVIEW', { result: 'pass', ...(children ? { children } : {}) }) : ev('ADVANCE', children ? { children } : {});
        attempts.push([move(past), exitConditionsHold(def, phase, state.context, past, reviewed)]);
        if (past) {
          attempts.push([move(undefined), exitConditionsHold(def, phase, state.context, undefined, reviewed)]);
          attempts.push([move(nonePast), exitConditionsHold(def, phase, state.context, nonePast, reviewed)]);
        }
        for (const [event, expected] of attempts) {
          const accepted = state.can(event);
          if (!accepted) refused++;
          if (accepted !== expected)
            wrong.push(`${event.type}${event.children ? ' with children' : ''} ${accepted ? 'accepted' : 'refused'} in ${describeState(state)}`);
        }
      }
      expect(wrong).toEqual([]);
      if (def.phases.some((p) => p.exit.length > 0)) expect(refused).toBeGreaterThan(0);
    });

    describe('supervision', () => {
      const model = escalationModel(def, level);

      if (!model)
        it('has no ladder for anything this level can have overdue, so no ESCALATE is taken', () => {
          const paths = getShortestPaths(machine, { ...options, events: progressEvents(def, level), serializeState: progressKey(def) });
          for (const { state } of paths) expect(Object.keys(state.context.escalations).filter((k) => !k.startsWith('review:') && !k.startsWith('case:'))).toEqual([]);
        });

      if (model) {
        const rank = (s: Snapshot) => ['clear', 'attention', 'escalated'].indexOf(ladderOf(s) ?? '');

        it('climbs the ladder that answers an overdue item, and comes back to clear when it is done', () => {
          const paths = getShortestPaths(machine, { ...options, events: model.climb, serializeState: model.serializeState });
          const reached = new Set(paths.map((p) => ladderOf(p.state)));
          // One step leaves it in need of attention; a second step escalates it (red).
          expect([...reached].sort()).toEqual((model.steps >= 2 ? ['attention', 'clear', 'escalated'] : ['attention', 'clear']).sort());
          const top = paths.filter((p) => p.state.context.escalations[model.key]?.step === model.steps - 1)[0];
          expect(top, 'the ladder’s last step is reached').toBeDefined();
          const back = getShortestPaths(machine, {
            ...options,
            events: model.resolve,
            serializeState: model.serializeState,
            fromState: top!.state,
            toState: (s) => ladderOf(s) === 'clear',
          });
          expect(back.length).toBeGreaterThan(0);
          expect(back[0]!.steps.at(-1)!.event.type).toBe(model.resolvedBy);
        });

        it('climbs one step at a time, in order, on every simple path to the top', () => {
          const top = model.steps >= 2 ? 2 : 1;
          const paths = getSimplePaths(machine, { ...options, events: model.climb, serializeState: model.serializeState }).filter((p) => rank(p.state) === top);
          expect(paths.length).toBeGreaterThan(0);
          for (const path of paths) {
            const ranks = [...path.steps.map((s) => rank(s.state)), rank(path.state)];
            for (let i = 1; i < ranks.length; i++) expect(ranks[i]! - ranks[i - 1]!, ranks.join(' → ')).toBeLessThanOrEqual(1);
            const steps = path.steps.filter((s) => s.event.type === 'ESCALATE').map((s) => (s.event as { step: number }).step);
            expect(steps, 'ladder steps in order').toEqual([...steps].sort((a, b) => a - b));
          }
        });
      }
    });
  });
});
