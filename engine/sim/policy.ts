// How jurisdictions behave in a simulated campaign: most do what is due a little
// before it is due, some are now and then late, a few lag. Each jurisdiction has a
// profile drawn from the seed, and each due thing its own planned day, so a run is the
// same for the same seed and nothing is red without a cause the record shows.
import { eventProblems, exitReasons, meetsTarget, reviewedHere, type CampaignContext } from '../../definitions/language/compile.js';
import { addDays, compareDates, shanghaiDate } from '../../definitions/language/dates.js';
import { reportPeriods } from '../../definitions/language/due.js';
import type { CampaignEvent, IndicatorValue } from '../../definitions/language/events.js';
import type { CampaignDefinition, Indicator } from '../../definitions/language/schema.js';

export type Planned = { event: Record<string, unknown>; role: 'official' | 'inspector' };

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

/** A number in [0, 1) fixed by the seed and the parts (FNV-1a, then one round of mulberry32). */
export function chance(seed: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('\u0000')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return seededRandom(h >>> 0)();
}

/** How a jurisdiction works: how often it is on time, how late when it is not, how early when it is. */
export type Profile = { name: 'diligent' | 'uneven' | 'lagging'; onTime: number; late: [number, number]; lead: [number, number]; pace: [number, number] };

const PROFILES: readonly Profile[] = [
  { name: 'diligent', onTime: 0.97, late: [1, 3], lead: [1, 8], pace: [0.1, 0.7] },
  { name: 'uneven', onTime: 0.8, late: [1, 8], lead: [0, 4], pace: [0.3, 0.95] },
  { name: 'lagging', onTime: 0.45, late: [3, 20], lead: [0, 2], pace: [0.5, 1.1] },
];

/** Most are diligent, some uneven, a few lag (80 / 15 / 5 in a hundred). */
export function profileOf(seed: number, code: string): Profile {
  const r = chance(seed, 'profile', code);
  return r < 0.8 ? PROFILES[0]! : r < 0.95 ? PROFILES[1]! : PROFILES[2]!;
}

const between = (r: number, [lo, hi]: readonly [number, number]) => lo + r * (hi - lo);

/** A leading group that satisfies every role's cardinality. */
export function sampleLeadingGroup(def: CampaignDefinition): { role: string; name: string; unit?: string }[] {
  const lg = def.leadingGroup;
  if (!lg) return [];
  const members: { role: string; name: string; unit?: string }[] = [];
  for (const role of lg.roles) {
    // The minimum of each role, and the office director at least once.
    const n = Math.max(role.min, role.id === lg.office.directorRole ? 1 : 0);
    const units: (string | undefined)[] = role.per === 'member-unit' ? lg.memberUnits : [undefined];
    for (const unit of units) for (let i = 0; i < n; i++) members.push({ role: role.id, name: `${role.title.zh}${i + 1}`, ...(unit ? { unit } : {}) });
  }
  return members;
}

export function sampleIndicator(ind: Indicator, good: boolean): IndicatorValue {
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

/** Would the instance take this event now (its payload checks)? */
function fits(def: CampaignDefinition, ctx: CampaignContext, event: Record<string, unknown>): boolean {
  return eventProblems(def, ctx, { ...event, at: '' } as unknown as CampaignEvent).length === 0;
}

/** The day a due thing gets done by this jurisdiction: before its due date when on time, after it when late. */
function doneDay(seed: number, code: string, key: string, due: string, profile: Profile): string {
  const onTime = chance(seed, 'on-time', code, key) < profile.onTime;
  const r = chance(seed, 'days', code, key);
  return onTime ? addDays(due, -Math.round(between(r, profile.lead))) : addDays(due, Math.round(between(r, profile.late)));
}

/**
 * What an instance does on `today` (YYYY-MM-DD), in order: the events its official
 * sends. Reviews of the level below are planned by `reviewsOf`.
 */
export function plan(def: CampaignDefinition, ctx: CampaignContext, today: string, seed: number): Planned[] {
  const out: Planned[] = [];
  const code = ctx.jurisdiction;
  const profile = profileOf(seed, code);
  const level = ctx.level;
  const official = (event: Record<string, unknown>) => {
    if (fits(def, ctx, event)) out.push({ event, role: 'official' });
  };
  const started = !(ctx.waitingFor === def.phases[0]!.id && ctx.phase === ctx.waitingFor);
  if (!started) return out;
  const phaseAt = def.phases.findIndex((p) => p.id === ctx.phase);
  const phase = def.phases[phaseAt];
  const window = phase && ctx.calendar.phases[phase.id];

  if (def.leadingGroup && !ctx.leadingGroup && window) {
    const day = addDays(window.start, Math.round(between(chance(seed, 'group', code), [1, 12]) * (profile.name === 'lagging' ? 2 : 1)));
    if (compareDates(today, day) >= 0) official({ type: 'FORM_LEADING_GROUP', members: sampleLeadingGroup(def) });
  }

  for (const report of def.reports) {
    if (!report.filedBy.includes(level)) continue;
    for (const { period, due } of reportPeriods(def, report, ctx.calendar)) {
      if (`${report.id}@${period}` in ctx.reports) continue;
      if (compareDates(today, doneDay(seed, code, `${report.id}@${period}`, due, profile)) < 0) continue;
      official({ type: 'FILE_REPORT', report: report.id, period, summary: '按期报送工作进展' });
    }
  }

  for (const task of def.tasks) {
    if (task.levels && !task.levels.includes(level)) continue;
    if (ctx.tasks[task.id]?.status === 'done') continue;
    const w = ctx.calendar.phases[task.phase];
    if (!w || def.phases.findIndex((p) => p.id === task.phase) > phaseAt) continue;
    const length = Math.max(1, compareDates(w.end, w.start));
    const from = ctx.phaseSince && compareDates(shanghaiDate(ctx.phaseSince), w.start) > 0 ? shanghaiDate(ctx.phaseSince) : w.start;
    const day = addDays(from, Math.round(length * between(chance(seed, 'task', code, task.id), profile.pace)));
    if (compareDates(today, day) >= 0) official({ type: 'COMPLETE_TASK', task: task.id, evidence: [{ name: '工作记录', url: `evidence/${code}/${task.id}` }] });
  }

  // Indicators are measured once the last phase has begun; most meet their targets.
  const lastPhase = def.phases.at(-1)!;
  if (phaseAt >= def.phases.length - 1 || phase?.review) {
    const start = ctx.calendar.phases[lastPhase.id]?.start ?? today;
    for (const ind of def.indicators) {
      if (!ind.levels.includes(level) || meetsTarget(ind, ctx.indicators[ind.id])) continue;
      const day = addDays(start, Math.round(between(chance(seed, 'ind', code, ind.id), [0, 20])));
      if (compareDates(today, day) < 0) continue;
      const good = chance(seed, 'ind-good', code, ind.id, Object.keys(ctx.indicators).length) < (profile.name === 'lagging' ? 0.6 : 0.93);
      official({ type: 'RECORD_INDICATOR', indicator: ind.id, value: sampleIndicator(ind, good) });
    }
  }

  if (def.riskList && phase) {
    const last = def.riskList.stages.length - 1;
    for (const [id, r] of Object.entries(ctx.risks)) {
      if (r.stage < last && chance(seed, 'risk-step', code, id, r.stage, today) < 0.12) out.push({ event: { type: 'ADVANCE_RISK', risk: id }, role: 'official' });
    }
    if (Object.keys(ctx.risks).length < 4 && chance(seed, 'risk', code, today) < 0.01)
      out.push({ event: { type: 'RECORD_RISK', risk: `risk-${Object.keys(ctx.risks).length + 1}`, title: '排查发现的风险隐患', assignee: '责任人' }, role: 'official' });
  }

  if (def.cases && phase) {
    for (const [id, c] of Object.entries(ctx.cases)) if (!c.closedAt && chance(seed, 'case-close', code, id, today) < 0.04) official({ type: 'CLOSE_CASE', case: id });
    if (Object.keys(ctx.cases).length < 3 && chance(seed, 'case', code, today) < 0.004) {
      const n = Object.keys(ctx.cases).length + 1;
      official({ type: 'RECORD_CASE', case: `case-${n}`, title: '违法违规经营药品案', major: chance(seed, 'major', code, n) < 0.1 });
    }
  }

  if (def.rectification) {
    for (const [unit, u] of Object.entries(ctx.units)) {
      for (const item of def.rectification.checklists.find((c) => c.kind === u.kind)?.items ?? []) {
        if (ctx.checks[`${unit}/${item.id}`]) continue;
        const day = addDays(shanghaiDate(u.addedAt), Math.round(between(chance(seed, 'check', code, unit, item.id, ctx.round), [0, 4]) * (profile.name === 'lagging' ? 1.6 : 1)));
        if (compareDates(today, day) >= 0) official({ type: 'CHECK_ITEM', unit, item: item.id, done: true });
      }
    }
  }

  // Move on once the phase's own work is done (a parent also waits for its children where
  // the definition says so: the engine refuses it until then, and it tries again later).
  if (phase && !reviewedHere(phase, level) && ctx.waitingFor === null && out.length === 0) {
    const unmet = exitReasons(def, phase, ctx, undefined).filter((r) => r.code !== 'children-not-past');
    if (unmet.length === 0) out.push({ event: { type: 'ADVANCE' }, role: 'official' });
  }
  return out;
}

/** The level above reviews an instance awaiting its review a few days after it became ready: mostly a pass. */
export function review(def: CampaignDefinition, ctx: CampaignContext, readySince: string, today: string, seed: number): Planned | undefined {
  const code = ctx.jurisdiction;
  const rounds = ctx.reviews.length;
  const day = addDays(readySince, Math.round(between(chance(seed, 'review-day', code, rounds), [2, 12])));
  if (compareDates(today, day) < 0) return undefined;
  const pass = chance(seed, 'review', code, rounds) < (profileOf(seed, code).name === 'lagging' ? 0.6 : 0.92);
  return pass
    ? { event: { type: 'REVIEW', result: 'pass', findings: [{ text: '抽查验收合格' }] }, role: 'inspector' }
    : { event: { type: 'REVIEW', result: 'fail', findings: [{ text: '整治工作不力，效果不明显' }] }, role: 'inspector' };
}
