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

/** Something a jurisdiction means to do on a day (or later, if it does not fit then). */
type Intent = { day: string; event: Record<string, unknown> };

/**
 * What an instance means to do and when: each due thing on its planned day, its
 * tasks spread over their phase, its indicators early in the last phase, its risks
 * and cases recorded and moved on at planned days, its checklist items within days.
 */
function intents(def: CampaignDefinition, ctx: CampaignContext, seed: number): Intent[] {
  const out: Intent[] = [];
  const code = ctx.jurisdiction;
  const profile = profileOf(seed, code);
  const level = ctx.level;
  const phaseAt = def.phases.findIndex((p) => p.id === ctx.phase);
  const phase = def.phases[phaseAt];
  const window = phase && ctx.calendar.phases[phase.id];
  const since = ctx.phaseSince ? shanghaiDate(ctx.phaseSince) : ctx.calendar.launchDate;

  if (def.leadingGroup && !ctx.leadingGroup && window) {
    out.push({ day: addDays(window.start, Math.round(between(chance(seed, 'group', code), [1, 12]) * (profile.name === 'lagging' ? 2 : 1))), event: { type: 'FORM_LEADING_GROUP', members: sampleLeadingGroup(def) } });
  }
  for (const report of def.reports) {
    if (!report.filedBy.includes(level)) continue;
    for (const { period, due } of reportPeriods(def, report, ctx.calendar)) {
      if (`${report.id}@${period}` in ctx.reports) continue;
      out.push({ day: doneDay(seed, code, `${report.id}@${period}`, due, profile), event: { type: 'FILE_REPORT', report: report.id, period, summary: '按期报送工作进展' } });
    }
  }
  for (const task of def.tasks) {
    if (task.levels && !task.levels.includes(level)) continue;
    if (ctx.tasks[task.id]?.status === 'done') continue;
    const w = ctx.calendar.phases[task.phase];
    if (!w || def.phases.findIndex((p) => p.id === task.phase) > phaseAt) continue;
    const length = Math.max(1, compareDates(w.end, w.start));
    const from = compareDates(since, w.start) > 0 ? since : w.start;
    out.push({ day: addDays(from, Math.round(length * between(chance(seed, 'task', code, task.id), profile.pace))), event: { type: 'COMPLETE_TASK', task: task.id, evidence: [{ name: '工作记录', url: `evidence/${code}/${task.id}` }] } });
  }
  // Indicators are measured once the last phase (or a reviewed one) is reached; most meet their targets.
  if (phaseAt >= def.phases.length - 1 || phase?.review) {
    const start = ctx.calendar.phases[def.phases.at(-1)!.id]?.start ?? since;
    for (const ind of def.indicators) {
      if (!ind.levels.includes(level) || meetsTarget(ind, ctx.indicators[ind.id])) continue;
      const tries = ctx.indicators[ind.id] === undefined ? 0 : 1;
      const good = chance(seed, 'ind-good', code, ind.id, tries) < (profile.name === 'lagging' ? 0.6 : 0.93);
      const day = addDays(compareDates(start, since) > 0 ? start : since, Math.round(between(chance(seed, 'ind', code, ind.id, tries), [0, 20])) + tries * 10);
      out.push({ day, event: { type: 'RECORD_INDICATOR', indicator: ind.id, value: sampleIndicator(ind, good) } });
    }
  }
  if (def.riskList && phase) {
    // Up to three risks found during the campaign, each moved through its closed loop a stage every week or two.
    const last = def.riskList.stages.length - 1;
    const span = { start: ctx.calendar.launchDate, days: Math.max(30, compareDates(Object.values(ctx.calendar.phases).map((w) => w.end).sort().at(-1) ?? ctx.calendar.launchDate, ctx.calendar.launchDate)) };
    const found = Math.floor(chance(seed, 'risks', code) * 4);
    for (let k = 1; k <= found; k++) {
      const id = `risk-${k}`;
      const r = ctx.risks[id];
      if (!r) out.push({ day: addDays(span.start, Math.round(span.days * 0.6 * chance(seed, 'risk-day', code, k))), event: { type: 'RECORD_RISK', risk: id, title: '排查发现的风险隐患', assignee: '责任人' } });
      else if (r.stage < last) out.push({ day: addDays(since, 7 + Math.round(10 * chance(seed, 'risk-step', code, k, r.stage))), event: { type: 'ADVANCE_RISK', risk: id } });
    }
  }
  if (def.cases && phase) {
    const opened = Math.floor(chance(seed, 'cases', code) * 3);
    for (let k = 1; k <= opened; k++) {
      const id = `case-${k}`;
      const c = ctx.cases[id];
      if (!c) out.push({ day: addDays(ctx.calendar.launchDate, 30 + Math.round(200 * chance(seed, 'case-day', code, k))), event: { type: 'RECORD_CASE', case: id, title: '违法违规经营药品案', major: chance(seed, 'major', code, k) < 0.15 } });
      else if (!c.closedAt) out.push({ day: addDays(shanghaiDate(c.openedAt), 20 + Math.round(60 * chance(seed, 'case-close', code, k))), event: { type: 'CLOSE_CASE', case: id } });
    }
  }
  if (def.rectification) {
    for (const [unit, u] of Object.entries(ctx.units)) {
      const from = compareDates(shanghaiDate(u.addedAt), ctx.calendar.launchDate) > 0 ? shanghaiDate(u.addedAt) : ctx.calendar.launchDate;
      for (const item of def.rectification.checklists.find((c) => c.kind === u.kind)?.items ?? []) {
        if (ctx.checks[`${unit}/${item.id}`]) continue;
        // What the inspection found missing on an item that suspends business when late
        // (a licence) is not put right within the notice's days: it takes one to two weeks.
        const found = item.onOverdue?.includes('suspend-business') && ctx.findings.some((f) => f.unit === unit && f.item === item.id);
        const days = found ? between(chance(seed, 'licence', code, unit, item.id), [8, 14]) : between(chance(seed, 'check', code, unit, item.id, ctx.round), [0, 4]) * (profile.name === 'lagging' ? 1.6 : 1);
        out.push({ day: addDays(from, Math.round(days)), event: { type: 'CHECK_ITEM', unit, item: item.id, done: true } });
      }
    }
  }
  return out;
}

/** Would the instance's own work let it leave its phase now (a parent's wait for its children aside)? */
function readyToAdvance(def: CampaignDefinition, ctx: CampaignContext): boolean {
  const phase = def.phases.find((p) => p.id === ctx.phase);
  if (!phase || reviewedHere(phase, ctx.level) || ctx.waitingFor !== null) return false;
  return exitReasons(def, phase, ctx, undefined).filter((r) => r.code !== 'children-not-past').length === 0;
}

/**
 * What an instance does on `today` (YYYY-MM-DD), in order: the events its official
 * sends; and the next day it means to do something (undefined: nothing planned). An
 * instance whose own work is done moves on (a parent also waits for its children
 * where the definition says so: refused until then, it tries again on the next day
 * anything happens).
 */
export function plan(def: CampaignDefinition, ctx: CampaignContext, today: string, seed: number): { planned: Planned[]; next: string | undefined } {
  const notStarted = ctx.waitingFor === def.phases[0]!.id && ctx.phase === ctx.waitingFor;
  if (notStarted) return { planned: [], next: undefined };
  const planned: Planned[] = [];
  let next: string | undefined;
  for (const i of intents(def, ctx, seed)) {
    if (compareDates(i.day, today) > 0) {
      if (next === undefined || compareDates(i.day, next) < 0) next = i.day;
    } else if (fits(def, ctx, i.event)) planned.push({ event: i.event, role: 'official' });
  }
  if (planned.length === 0 && readyToAdvance(def, ctx)) planned.push({ event: { type: 'ADVANCE' }, role: 'official' });
  return { planned, next };
}

/** The level above reviews an instance awaiting its review a few days after it became ready: mostly a pass. */
export function review(def: CampaignDefinition, ctx: CampaignContext, readySince: string, today: string, seed: number): Planned | string {
  const code = ctx.jurisdiction;
  const rounds = ctx.reviews.length;
  const day = addDays(readySince, Math.round(between(chance(seed, 'review-day', code, rounds), [2, 12])));
  if (compareDates(today, day) < 0) return day;
  const pass = chance(seed, 'review', code, rounds) < (profileOf(seed, code).name === 'lagging' ? 0.6 : 0.92);
  return pass
    ? { event: { type: 'REVIEW', result: 'pass', findings: [{ text: '抽查验收合格' }] }, role: 'inspector' }
    : { event: { type: 'REVIEW', result: 'fail', findings: [{ text: '整治工作不力，效果不明显' }] }, role: 'inspector' };
}
