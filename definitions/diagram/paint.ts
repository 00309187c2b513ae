// How states are painted for one instance (highlight) or for many (a heat map of counts),
// decided once here so the Mermaid and DOT renderers colour alike.
import type { StateGraph } from './graph.js';

export type PaintOptions = {
  /** States active in one instance: XState ids (`campaign.running.phase.mobilization`), paths or phase ids. */
  highlight?: readonly string[];
  /** Instances per state, keyed like `highlight`: a heat map. */
  counts?: Readonly<Record<string, number>>;
};

export type Paint = {
  highlighted: boolean;
  count?: number;
  /** Heat bucket 1–5 (of HEAT); 0 for a count of zero, which is labelled but not filled. */
  heat?: number;
};

/** Yellow to red in five steps (ColorBrewer YlOrRd): readable in print and for most colour-blind readers. */
export const HEAT = [
  { fill: '#ffffb2', font: '#000000' },
  { fill: '#fecc5c', font: '#000000' },
  { fill: '#fd8d3c', font: '#000000' },
  { fill: '#f03b20', font: '#ffffff' },
  { fill: '#bd0026', font: '#ffffff' },
] as const;

/** A blue frame, so a highlighted state stands out on any heat colour. */
export const HIGHLIGHT = { fill: '#dbeafe', stroke: '#1d4ed8', width: 3 } as const;

/**
 * Find the state an id names. Tried in order: the XState id, the path below the
 * machine (`running.phase.mobilization`), a top-level state (`running`, the final
 * state, `cancelled`), a phase id, a key that only one state has. An unknown or
 * ambiguous id throws: painting nothing would hide the caller's mistake.
 */
export function resolveStateId(graph: StateGraph, ref: string): string {
  if (graph.states.has(ref)) return ref;
  const all = [...graph.states.values()];
  const byPath = all.find((s) => s.path === ref);
  if (byPath) return byPath.id;
  const top = graph.root.children.find((s) => s.key === ref);
  if (top) return top.id;
  const phase = all.find((s) => s.role === 'phase' && s.key === ref);
  if (phase) return phase.id;
  const byKey = all.filter((s) => s.key === ref);
  if (byKey.length === 1) return byKey[0]!.id;
  if (byKey.length > 1) throw new Error(`state "${ref}" is ambiguous: ${byKey.map((s) => s.path).join(', ')}`);
  throw new Error(`unknown state "${ref}"`);
}

/** The paint of every state that has any, by state id. */
export function paintStates(graph: StateGraph, options: PaintOptions = {}): Map<string, Paint> {
  const paints = new Map<string, Paint>();
  const get = (id: string): Paint => {
    let paint = paints.get(id);
    if (!paint) paints.set(id, (paint = { highlighted: false }));
    return paint;
  };
  for (const ref of options.highlight ?? []) get(resolveStateId(graph, ref)).highlighted = true;
  for (const [ref, n] of Object.entries(options.counts ?? {})) {
    // Two names of one state (an id and a path) add up rather than overwrite.
    const paint = get(resolveStateId(graph, ref));
    paint.count = (paint.count ?? 0) + n;
  }
  const max = Math.max(0, ...[...paints.values()].map((p) => p.count ?? 0));
  for (const paint of paints.values()) {
    if (paint.count === undefined) continue;
    // Relative to the largest count, so the busiest state is always the darkest.
    paint.heat = paint.count > 0 && max > 0 ? Math.max(1, Math.ceil((HEAT.length * paint.count) / max)) : 0;
  }
  return paints;
}
