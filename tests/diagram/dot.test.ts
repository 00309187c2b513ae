// toDot and toSvg: the compiled machine as Graphviz DOT and as SVG rendered by the WASM build of Graphviz.
import { describe, expect, it } from 'vitest';
import { toDot } from '../../definitions/diagram/dot.js';
import { toSvg } from '../../definitions/diagram/svg.js';
import { load } from './load.js';

const { definition, machine } = load();

/** Graphviz writes `-` as `&#45;` and so on; compare with the text a reader sees. */
function decode(svg: string): string {
  return svg.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replaceAll('&amp;', '&');
}

describe('toDot', () => {
  const dot = toDot(definition, machine);

  it('is a directed graph laid out left to right with clusters', () => {
    expect(dot.startsWith('digraph "mini-campaign" {\n')).toBe(true);
    expect(dot).toContain('rankdir=LR, compound=true');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('shows every phase as a node with its titles', () => {
    for (const phase of definition.phases) {
      expect(dot).toMatch(new RegExp(`"running\\.phase\\.${phase.id}" \\[label=<<b>${phase.title.zh} ${phase.title.en}</b>`));
    }
  });

  it('draws running and each region as a cluster, the regions dashed', () => {
    expect(dot).toContain('subgraph "cluster_running" {');
    for (const region of ['phase', 'leadingGroup', 'tasks', 'reporting', 'supervision', 'checklists', 'risks', 'supervision.windows', 'supervision.escalation']) {
      expect(dot).toContain(`subgraph "cluster_running.${region}" {`);
    }
    expect(dot).toMatch(/subgraph "cluster_running\.phase" \{\n\s+style="dashed,rounded"/);
  });

  it('draws the final and cancelled states with a double border and the transitions to them', () => {
    expect(dot).toMatch(/"closed" \[label=<<b>已验收 accepted and closed<\/b>>, width=[\d.]+, peripheries=2/);
    expect(dot).toMatch(/"cancelled" \[label=<<b>已取消 cancelled<\/b>>, width=[\d.]+, peripheries=2/);
    expect(dot).toContain('"running.phase.acceptance" -> "closed" [label="REVIEW [验收通过 passed]"];');
    expect(dot).toContain('"running.phase.before:mobilization" -> "cancelled" [label="CANCEL", ltail="cluster_running"];');
    expect(dot).toContain('"running.tasks.open" -> "running.tasks.done" [label="[任务全部完成 every task done]", style=dashed];');
  });

  it('fills counted states by heat and frames highlighted ones', () => {
    const painted = toDot(definition, machine, { highlight: ['mobilization'], counts: { mobilization: 1, acceptance: 4 } });
    expect(painted).toMatch(/"running\.phase\.mobilization" \[[^\n]*fillcolor="#fecc5c"[^\n]*color="#1d4ed8", penwidth=3\]/);
    expect(painted).toMatch(/"running\.phase\.acceptance" \[[^\n]*fillcolor="#bd0026", fontcolor="#ffffff"\]/);
    expect(painted).toContain('总结验收 summary and acceptance (4)');
    // a painted composite state is a filled cluster
    const cluster = toDot(definition, machine, { highlight: ['running.tasks'] });
    expect(cluster).toMatch(/subgraph "cluster_running\.tasks" \{\n\s+style="filled,dashed,rounded"; fillcolor="#dbeafe"; color="#1d4ed8"; penwidth=3/);
  });
});

describe('toSvg', () => {
  it('renders the DOT graph as a standalone SVG document with the phase titles', async () => {
    const svg = await toSvg(toDot(definition, machine));
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const text = decode(svg);
    for (const phase of definition.phases) expect(text).toContain(`${phase.title.zh} ${phase.title.en}`);
    expect(text).toContain('已验收 accepted and closed');
  });

  it('paints the SVG like the DOT', async () => {
    const svg = await toSvg(toDot(definition, machine, { counts: { 'self-inspection': 3 } }));
    expect(svg).toContain('fill="#bd0026"');
  });

  it('gives the same SVG for the same graph', async () => {
    const dot = toDot(definition, machine);
    expect(await toSvg(dot)).toBe(await toSvg(dot));
  });

  it('throws on DOT that Graphviz cannot read', async () => {
    await expect(toSvg('digraph { a -> }')).rejects.toThrow();
  });
});
