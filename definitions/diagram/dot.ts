// A compiled campaign machine as Graphviz DOT: composite states as clusters, the
// parallel regions of `running` as dashed clusters stacked like swimlanes.
import type { AnyStateMachine } from 'xstate';
import type { CampaignDefinition } from '../language/schema.js';
import { toStateGraph, type DiagramEdge, type DiagramState } from './graph.js';
import { HEAT, HIGHLIGHT, paintStates, type Paint, type PaintOptions } from './paint.js';

export type DotOptions = PaintOptions & {
  /** List the events a state handles without leaving it under its title (default true). */
  internalEvents?: boolean;
};

/** CSS font stack: Graphviz writes it into the SVG as is, and browsers pick the first they have. */
const FONT = 'Helvetica,Arial,PingFang SC,Microsoft YaHei,Noto Sans CJK SC,sans-serif';
const FONT_SIZE = 12;
const SMALL = 9;

function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** East Asian wide characters take a full em; Graphviz's WASM build has no fonts and guesses ¾. */
function isWide(char: string): boolean {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char);
}

/** Our own width estimate in inches, so boxes hold Chinese titles (Graphviz keeps the larger of its own and this). */
function widthInches(lines: readonly { text: string; size: number }[]): number {
  const points = Math.max(0, ...lines.map(({ text, size }) => [...text].reduce((w, c) => w + (isWide(c) ? size : 0.6 * size), 0)));
  return Math.round((points / 72 + 0.3) * 100) / 100;
}

function titleLines(state: DiagramState, paint: Paint | undefined): { text: string; size: number; bold?: boolean }[] {
  const count = paint?.count !== undefined ? ` (${paint.count})` : '';
  const title = state.title.zh ? `${state.title.zh} ${state.title.en}${count}` : `${state.title.en}${count}`;
  const lines: { text: string; size: number; bold?: boolean }[] = [{ text: title, size: FONT_SIZE, bold: true }];
  if (state.detail) lines.push({ text: state.detail, size: SMALL });
  return lines;
}

function htmlLabel(lines: readonly { text: string; size: number; bold?: boolean }[]): string {
  const parts = lines.map(({ text, size, bold }) => {
    const inner = bold ? `<b>${html(text)}</b>` : html(text);
    return size === FONT_SIZE ? inner : `<font point-size="${size}">${inner}</font>`;
  });
  return `<${parts.join('<br/>')}>`;
}

function edgeLabel(edge: DiagramEdge): string {
  return [edge.event, edge.guard ? `[${edge.guard}]` : ''].filter(Boolean).join(' ');
}

function paintAttrs(paint: Paint | undefined, base: { fill: string; style: string }): string[] {
  const heat = paint?.heat ? HEAT[paint.heat - 1] : undefined;
  const fill = heat?.fill ?? (paint?.highlighted ? HIGHLIGHT.fill : base.fill);
  const attrs = [`style=${quote(base.style)}`, `fillcolor=${quote(fill)}`];
  if (heat) attrs.push(`fontcolor=${quote(heat.font)}`);
  if (paint?.highlighted) attrs.push(`color=${quote(HIGHLIGHT.stroke)}`, `penwidth=${HIGHLIGHT.width}`);
  return attrs;
}

/**
 * Draw the machine the compiler produced from a definition as DOT, with the same
 * content as the Mermaid diagram (see `toMermaid`). Composite states are clusters,
 * so transitions into or out of one are drawn to or from a state inside it and
 * clipped at the cluster's border (`compound=true`).
 */
export function toDot(definition: CampaignDefinition, machine: AnyStateMachine, options: DotOptions = {}): string {
  const graph = toStateGraph(definition, machine);
  const paints = paintStates(graph, options);
  const showInternal = options.internalEvents ?? true;
  const nodeId = (s: DiagramState) => quote(s.path);
  const clusterId = (s: DiagramState) => quote(`cluster_${s.path}`);

  /** The first atomic state inside a composite one: where edges to and from the cluster attach. */
  const anchor = (s: DiagramState): DiagramState => {
    let at = s;
    while (at.children.length > 0) at = (at.initial ? graph.states.get(at.initial) : undefined) ?? at.children[0]!;
    return at;
  };

  const out: string[] = [
    `digraph ${quote(definition.id)} {`,
    `  graph [rankdir=LR, compound=true, fontname=${quote(FONT)}, fontsize=${FONT_SIZE}, nodesep=0.25, ranksep=0.45, labelloc=t, label=${htmlLabel([{ text: `${definition.title.zh} ${definition.title.en}`, size: 14, bold: true }])}];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname=${quote(FONT)}, fontsize=${FONT_SIZE}, margin="0.12,0.06"];`,
    `  edge [fontname=${quote(FONT)}, fontsize=${SMALL}, arrowsize=0.7];`,
  ];

  function writeInitial(parent: DiagramState, indent: string): void {
    const target = parent.initial ? graph.states.get(parent.initial) : undefined;
    if (!target) return;
    const start = quote(`${parent.path}.[*]`);
    out.push(`${indent}${start} [shape=point, width=0.12, style=filled, fillcolor="#000000", label=""];`);
    const lhead = target.children.length > 0 ? `, lhead=${clusterId(target)}` : '';
    out.push(`${indent}${start} -> ${nodeId(anchor(target))} [arrowsize=0.6${lhead}];`);
  }

  function writeState(state: DiagramState, indent: string): void {
    const paint = paints.get(state.id);
    const lines = titleLines(state, paint);
    if (showInternal && state.internal.length > 0) lines.push({ text: state.internal.join(', '), size: SMALL - 1 });
    if (state.children.length > 0) {
      const isRegion = state.role === 'region';
      const style = isRegion ? 'dashed,rounded' : 'rounded';
      if (state.type === 'parallel') lines.splice(1, 0, { text: '∥ 并行区域 parallel regions', size: SMALL });
      out.push(`${indent}subgraph ${clusterId(state)} {`);
      const attrs = paintAttrs(paint, { fill: isRegion ? '#ffffff' : '#f6f8fa', style: paint ? `filled,${style}` : style });
      out.push(`${indent}  ${attrs.join('; ')}; label=${htmlLabel(lines)};`);
      writeInitial(state, `${indent}  `);
      // With rankdir=LR, dot stacks sibling clusters bottom-up in the order written:
      // write regions last-first so the phase sequence ends up on top.
      const children = state.type === 'parallel' ? [...state.children].reverse() : state.children;
      for (const child of children) writeState(child, `${indent}  `);
      out.push(`${indent}}`);
      return;
    }
    const attrs = [`label=${htmlLabel(lines)}`, `width=${widthInches(lines)}`];
    if (state.role === 'final' || state.role === 'cancelled') attrs.push('peripheries=2');
    const base = { fill: state.role === 'cancelled' ? '#eeeeee' : state.role === 'final' ? '#e6f4ea' : '#ffffff', style: 'rounded,filled' };
    attrs.push(...paintAttrs(paint, base));
    out.push(`${indent}${nodeId(state)} [${attrs.join(', ')}];`);
  }

  writeInitial(graph.root, '  ');
  for (const child of graph.root.children) writeState(child, '  ');

  for (const edge of graph.edges) {
    const source = graph.states.get(edge.source)!;
    const target = graph.states.get(edge.target)!;
    const attrs = [`label=${quote(edgeLabel(edge))}`];
    if (source.children.length > 0) attrs.push(`ltail=${clusterId(source)}`);
    if (target.children.length > 0) attrs.push(`lhead=${clusterId(target)}`);
    // Eventless transitions follow from the context, not from anyone's action.
    if (!edge.event) attrs.push('style=dashed');
    out.push(`  ${nodeId(anchor(source))} -> ${nodeId(anchor(target))} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
