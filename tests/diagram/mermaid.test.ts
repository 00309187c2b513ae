// toMermaid: what the compiled machine looks like as a Mermaid state diagram, and how states are painted.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { activeStateIds } from '../../definitions/diagram/active.js';
import { mermaidId, toMermaid } from '../../definitions/diagram/mermaid.js';
import { definitionFiles, ROOT } from '../../scripts/docs.js';
import { load } from './load.js';

const { definition, machine } = load();

describe('toMermaid', () => {
  const text = toMermaid(definition, machine);
  const lines = text.split('\n');

  it('writes a stateDiagram-v2 read left to right', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines[1]).toBe('  direction LR');
  });

  it('shows every phase with its Chinese and English title and window', () => {
    for (const phase of definition.phases) {
      expect(text).toContain(`${phase.title.zh} ${phase.title.en}`);
      expect(text).toContain(`state "${phase.title.zh} ${phase.title.en}<br/>${phase.window.start as string} → ${phase.window.end as string}" as ${mermaidId(`running.phase.${phase.id}`)}`);
    }
    // A campaign launched before its first window waits for it; one launched inside it starts at once.
    expect(text).toContain('[*] --> s_running__phase__before_mobilization');
    expect(text).toContain('s_running__phase__before_mobilization --> s_running__phase__mobilization : [发起时已开始 open at launch]');
  });

  it('draws the parallel regions of running as concurrent composite states', () => {
    for (const region of ['phase', 'leadingGroup', 'tasks', 'reporting', 'supervision', 'checklists', 'risks']) {
      expect(text).toMatch(new RegExp(`state "[^"]+" as s_running__${region} \\{`));
    }
    // six separators between the seven regions of running, one between the two of supervision
    expect(lines.filter((l) => l.trim() === '--')).toHaveLength(7);
  });

  it('labels transitions with their event and guard', () => {
    expect(text).toContain('s_running__phase__mobilization --> s_running__phase__self_inspection : ADVANCE [条件满足 conditions hold]');
    expect(text).toContain('s_running__leadingGroup__forming --> s_running__leadingGroup__formed : FORM_LEADING_GROUP [内容有效 valid]');
    expect(text).toContain('s_running__tasks__open --> s_running__tasks__done : [任务全部完成 every task done]');
    expect(text).toContain('s_running__supervision__escalation__attention --> s_running__supervision__escalation__escalated : [已升级督办 escalated]');
  });

  it('names the branches of a review by their verdict', () => {
    expect(text).toContain('s_running__phase__acceptance --> s_closed : REVIEW [验收通过 passed]');
    expect(text).toContain('s_running__phase__acceptance --> s_running__phase__self_inspection : REVIEW [不通过 failed]');
  });

  it('draws waiting for a window as a state between phases, left when the window opens', () => {
    expect(text).toContain('state "等待「自查自纠」开始 waiting for self-inspection to open" as s_running__phase__before_self_inspection');
    expect(text).toContain('s_running__phase__mobilization --> s_running__phase__before_self_inspection : ADVANCE [条件满足，下一阶段未开始 conditions hold, next not open yet]');
    expect(text).toContain('s_running__phase__before_self_inspection --> s_running__phase__self_inspection : PHASE_OPEN [窗口开启 its window opens]');
  });

  it('shows the final and cancelled states, and cancelling from anywhere while running', () => {
    expect(text).toContain('state "已验收 accepted and closed" as s_closed');
    expect(text).toContain('state "已取消 cancelled" as s_cancelled');
    expect(text).toContain('s_running --> s_cancelled : CANCEL');
    expect(text).toContain('s_closed --> [*]');
    expect(text).toContain('s_cancelled --> [*]');
  });

  it('lists the events a state handles without leaving it, unless asked not to', () => {
    expect(text).toContain('s_running__reporting__onTime : FILE_REPORT, REPORT_DUE');
    expect(text).toContain('state "进行中 running · COMMEND, INSPECT, REFERRAL, RECORD_INDICATOR, TARGET_DUE" as s_running {');
    const bare = toMermaid(definition, machine, { internalEvents: false });
    expect(bare).not.toContain('FILE_REPORT');
    expect(bare).toContain('state "进行中 running" as s_running {');
  });

  it('uses ids without hyphens or dots', () => {
    const ids = [...text.matchAll(/ as (\S+)/g)].map((m) => m[1]!.replace(/ \{$/, ''));
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(id).toMatch(/^s_[A-Za-z0-9_]+$/);
  });

  it('paints highlighted states with a frame and counted states as a heat map', () => {
    const painted = toMermaid(definition, machine, {
      highlight: ['campaign.running.phase.self-inspection', 'running.leadingGroup.formed'],
      counts: { mobilization: 2, 'self-inspection': 10, closed: 0 },
    });
    expect(painted).toContain('classDef active fill:#dbeafe,stroke:#1d4ed8,stroke-width:3px');
    expect(painted).toContain('class s_running__leadingGroup__formed active');
    // 10 is the largest count: the darkest colour, framed as it is also highlighted
    expect(painted).toContain('classDef heat5Active fill:#bd0026,color:#ffffff,stroke:#1d4ed8,stroke-width:3px');
    expect(painted).toContain('class s_running__phase__self_inspection heat5Active');
    expect(painted).toContain('class s_running__phase__mobilization heat1');
    expect(painted).toContain('自查自纠 self-inspection (10)');
    // a count of zero is labelled but not filled
    expect(painted).toContain('state "已验收 accepted and closed (0)" as s_closed');
    expect(painted).not.toContain('class s_closed');
  });

  it('refuses an unknown or ambiguous state to paint', () => {
    expect(() => toMermaid(definition, machine, { highlight: ['nowhere'] })).toThrow('unknown state "nowhere"');
    expect(() => toMermaid(definition, machine, { counts: { open: 1 } })).toThrow(/state "open" is ambiguous: running\.tasks\.open, /);
  });

  it('is the same text every time', () => {
    expect(toMermaid(definition, load().machine)).toBe(text);
  });

  it.each(definitionFiles())('draws every phase of %s', (file) => {
    const real = load(join(ROOT, file));
    const drawn = toMermaid(real.definition, real.machine);
    for (const phase of real.definition.phases) expect(drawn).toContain(`${phase.title.zh} ${phase.title.en}`);
    expect(drawn).toContain(`state "${real.definition.final.title.zh} ${real.definition.final.title.en}" as ${mermaidId(real.definition.final.id)}`);
  });
});

describe('activeStateIds', () => {
  it('gives the ids of the states a running instance is in, which toMermaid can highlight', () => {
    const actor = createActor(machine, { input: { level: 'county', jurisdiction: '141181' } }).start();
    const ids = activeStateIds(machine, actor.getSnapshot().value);
    expect(ids).toContain('campaign.running.phase.mobilization');
    expect(ids).toContain('campaign.running.supervision.escalation.clear');
    expect(toMermaid(definition, machine, { highlight: ids })).toContain('class s_running__phase__mobilization active');
    actor.send({ type: 'CANCEL', reason: 'test', at: '2025-02-02T00:00:00Z' });
    expect(activeStateIds(machine, actor.getSnapshot().value)).toEqual(['campaign.cancelled']);
    actor.stop();
  });
});
