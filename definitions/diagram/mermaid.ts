// A compiled campaign machine as a Mermaid `stateDiagram-v2`, for Markdown docs and the UI.
import type { AnyStateMachine } from 'xstate';
import type { CampaignDefinition } from '../language/schema.js';
import { stateTitle, toStateGraph, type DiagramEdge, type DiagramState } from './graph.js';
import { HEAT, HIGHLIGHT, paintStates, type Paint, type PaintOptions } from './paint.js';

export type MermaidOptions = PaintOptions & {
  /** List the events a state handles without leaving it under its title (default true). */
  internalEvents?: boolean;
};

/**
 * Mermaid ids allow neither hyphens nor dots, and some words (`end`, `state`) are
 * keywords: `s_` + the path with `.` → `__` and `-` → `_` is safe and, since
 * definition ids contain no `_`, unique.
 */
export function mermaidId(path: string): string {
  return `s_${path.replaceAll('.', '__').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Mermaid ends a label at a quote, reads `:` and `;` as syntax in some places, and `#…;` as an entity. */
function escapeLabel(text: string): string {
  return text.replace(/["#;:]/g, (c) => ({ '"': "'", '#': '＃', ';': '；', ':': '：' })[c] ?? c);
}

function edgeLabel(edge: DiagramEdge): string {
  const guard = edge.guard ? `[${edge.guard}]` : '';
  return escapeLabel([edge.event, guard].filter(Boolean).join(' '));
}

function className(paint: Paint): string | undefined {
  const heat = paint.heat ? `heat${paint.heat}` : '';
  if (paint.highlighted) return heat ? `${heat}Active` : 'active';
  return heat || undefined;
}

function classDefs(used: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  const frame = `stroke:${HIGHLIGHT.stroke},stroke-width:${HIGHLIGHT.width}px`;
  if (used.has('active')) lines.push(`classDef active fill:${HIGHLIGHT.fill},${frame}`);
  HEAT.forEach((h, i) => {
    const name = `heat${i + 1}`;
    if (used.has(name)) lines.push(`classDef ${name} fill:${h.fill},color:${h.font}`);
    if (used.has(`${name}Active`)) lines.push(`classDef ${name}Active fill:${h.fill},color:${h.font},${frame}`);
  });
  return lines;
}

/**
 * Draw the machine the compiler produced from a definition: the parallel regions
 * of `running` as concurrent composite states, every transition that changes state
 * labelled with its event (and guard), the final and cancelled states.
 * Mermaid cannot style composite states, so only atomic and final states are painted.
 */
export function toMermaid(definition: CampaignDefinition, machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const graph = toStateGraph(definition, machine);
  const paints = paintStates(graph, options);
  const showInternal = options.internalEvents ?? true;

  // Each edge is written in the innermost composite state that holds both ends:
  // Mermaid takes an id written in a block to be a state of that block.
  const parentOf = new Map<string, string>();
  for (const state of graph.states.values()) for (const child of state.children) parentOf.set(child.id, state.id);
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) out.push(at);
    return out;
  };
  const edgesIn = new Map<string, DiagramEdge[]>();
  for (const edge of graph.edges) {
    const up = new Set(ancestors(edge.source));
    const home = [edge.target, ...ancestors(edge.target)].find((a) => up.has(a)) ?? graph.root.id;
    // A transition from a composite state to its own descendant is drawn from its parent.
    const block = home === edge.source ? (parentOf.get(home) ?? home) : home;
    edgesIn.set(block, [...(edgesIn.get(block) ?? []), edge]);
  }

  const used = new Set<string>();
  const classes: string[] = [];
  // Left to right: the phase sequence reads along a line and the regions stack like swimlanes.
  const out = ['stateDiagram-v2', '  direction LR'];

  const label = (state: DiagramState): string => {
    const paint = paints.get(state.id);
    const count = paint?.count !== undefined ? ` (${paint.count})` : '';
    const lines = [stateTitle(state) + count];
    if (state.detail) lines.push(state.detail);
    // A composite state takes no description lines and shows one line of title,
    // so its own events go on that line.
    if (showInternal && state.children.length > 0 && state.internal.length > 0) lines[0] += ` · ${state.internal.join(', ')}`;
    return escapeLabel(lines.join('<br/>'));
  };

  function writeChildren(parent: DiagramState, indent: string): void {
    const id = (s: { path: string }) => mermaidId(s.path);
    if (parent.initial) out.push(`${indent}[*] --> ${id(graph.states.get(parent.initial)!)}`);
    parent.children.forEach((child, i) => {
      if (parent.type === 'parallel' && i > 0) out.push(`${indent}--`);
      writeState(child, indent);
    });
    for (const edge of edgesIn.get(parent.id) ?? []) {
      const text = edgeLabel(edge);
      out.push(`${indent}${id(graph.states.get(edge.source)!)} --> ${id(graph.states.get(edge.target)!)}${text ? ` : ${text}` : ''}`);
    }
    for (const child of parent.children) if (child.type === 'final') out.push(`${indent}${id(child)} --> [*]`);
  }

  function writeState(state: DiagramState, indent: string): void {
    const id = mermaidId(state.path);
    if (state.children.length > 0) {
      out.push(`${indent}state "${label(state)}" as ${id} {`);
      writeChildren(state, `${indent}  `);
      out.push(`${indent}}`);
      return;
    }
    out.push(`${indent}state "${label(state)}" as ${id}`);
    if (showInternal && state.internal.length > 0) out.push(`${indent}${id} : ${escapeLabel(state.internal.join(', '))}`);
    const paint = paints.get(state.id);
    const name = paint && className(paint);
    if (name) {
      used.add(name);
      classes.push(`class ${id} ${name}`);
    }
  }

  writeChildren(graph.root, '  ');
  out.push(...classDefs(used).map((l) => `  ${l}`), ...classes.map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}
