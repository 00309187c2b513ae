// What a diligent-but-imperfect jurisdiction might do next: the candidate events for
// one instance, built from its definition and its current context. The simulator
// picks among them at random; a refused candidate is simply a day without progress.
import type { CampaignContext } from '../../definitions/language/compile.js';
import { meetsTarget } from '../../definitions/language/compile.js';
import type { IndicatorValue } from '../../definitions/language/events.js';
import type { CampaignDefinition, Indicator } from '../../definitions/language/schema.js';

export type Candidate = { event: Record<string, unknown>; role: 'official' | 'inspector'; weight: number };

/** A seeded random source (mulberry32): the same seed gives the same campaign. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A leading group that satisfies every role's cardinality. */
export function sampleLeadingGroup(def: CampaignDefinition): { role: string; name: string; unit?: string }[] {
  const lg = def.leadingGroup;
  if (!lg) return [];
  const members: { role: string; name: string; unit?: string }[] = [];
  for (const role of lg.roles) {
    // The minimum of each role, and the office director at least once.
    const n = Math.max(role.min, role.id === lg.office.directorRole ? 1 : 0);
    const units: (string | undefined)[] = role.per === 'member-unit' ? lg.memberUnits : [undefined];
    for (const unit of units)
      for (let i = 0; i < n; i++) members.push({ role: role.id, name: `${role.title.zh}${i + 1}`, ...(unit ? { unit } : {}) });
  }
  return members;
}

function sampleIndicator(ind: Indicator, good: boolean): IndicatorValue {
  switch (ind.kind) {
    case 'ratio': {
      const denominator = 20;
      const need = Math.ceil((ind.target.percent / 100) * denominator);
      const numerator = good ? Math.min(denominator, need) : Math.max(0, need - 2);
      return { numerator, denominator };
    }
    case 'count': {
      const t = ind.target.value;
      const ok = ind.target.op === '>=' ? t : ind.target.op === '>' ? t + 1 : ind.target.op === '<' ? Math.max(0, t - 1) : t;
      const v = good ? ok : ind.target.op === '>=' || ind.target.op === '>' ? Math.max(0, t - 1) : t + 1;
      return Math.max(0, v);
    }
    case 'yes-no':
      return good ? ind.target.value : !ind.target.value;
  }
}

export function candidates(def: CampaignDefinition, ctx: CampaignContext, reviewing: boolean, random: () => number): Candidate[] {
  const out: Candidate[] = [];
  const level = ctx.level;
  const phaseAt = def.phases.findIndex((p) => p.id === ctx.phase);
  if (def.leadingGroup && !ctx.leadingGroup) out.push({ event: { type: 'FORM_LEADING_GROUP', members: sampleLeadingGroup(def) }, role: 'official', weight: 3 });
  for (const key of Object.keys(ctx.overdue)) {
    const m = /^report:(.+)@(.+)$/.exec(key);
    if (m) out.push({ event: { type: 'FILE_REPORT', report: m[1], period: m[2], summary: 'filed late' }, role: 'official', weight: 4 });
  }
  for (const report of def.reports) {
    if (!report.filedBy.includes(level)) continue;
    const c = report.cadence;
    const onceKey = `${report.id}@once`;
    if ((c.kind === 'once' || (c.kind === 'phase-end' && c.phase === ctx.phase)) && !(onceKey in ctx.reports))
      out.push({ event: { type: 'FILE_REPORT', report: report.id, period: 'once', summary: 'filed' }, role: 'official', weight: 2 });
  }
  for (const task of def.tasks) {
    if (task.levels && !task.levels.includes(level)) continue;
    if (ctx.tasks[task.id]?.status === 'done') continue;
    if (def.phases.findIndex((p) => p.id === task.phase) > phaseAt) continue;
    out.push({ event: { type: 'COMPLETE_TASK', task: task.id, evidence: [{ name: 'record', url: `evidence/${task.id}` }] }, role: 'official', weight: 2 });
  }
  for (const ind of def.indicators) {
    if (!ind.levels.includes(level) || meetsTarget(ind, ctx.indicators[ind.id])) continue;
    out.push({ event: { type: 'RECORD_INDICATOR', indicator: ind.id, value: sampleIndicator(ind, random() < 0.85) }, role: 'official', weight: 1 });
  }
  if (def.riskList) {
    const last = def.riskList.stages.length - 1;
    const open = Object.entries(ctx.risks).filter(([, r]) => r.stage < last);
    for (const [id] of open) out.push({ event: { type: 'ADVANCE_RISK', risk: id }, role: 'official', weight: 2 });
    if (Object.keys(ctx.risks).length < 3 && phaseAt >= 0 && random() < 0.2)
      out.push({ event: { type: 'RECORD_RISK', risk: `risk-${Object.keys(ctx.risks).length + 1}`, title: '风险隐患', assignee: '责任人' }, role: 'official', weight: 1 });
  }
  if (def.rectification) {
    for (const [unit, { kind }] of Object.entries(ctx.units)) {
      for (const item of def.rectification.checklists.find((c) => c.kind === kind)?.items ?? []) {
        if (!ctx.checks[`${unit}/${item.id}`]) out.push({ event: { type: 'CHECK_ITEM', unit, item: item.id, done: true }, role: 'official', weight: 2 });
      }
    }
  }
  if (reviewing) out.push({ event: { type: 'REVIEW', result: random() < 0.75 ? 'pass' : 'fail' }, role: 'inspector', weight: 3 });
  else out.push({ event: { type: 'ADVANCE' }, role: 'official', weight: 2 });
  return out;
}

export function pick(list: readonly Candidate[], random: () => number): Candidate | undefined {
  const total = list.reduce((a, c) => a + c.weight, 0);
  let r = random() * total;
  for (const c of list) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return list.at(-1);
}
