// The one place that reads an instance's context for documents. Documents speak of
// due items as kept facts — `DueRecord`: what was due when, when it was done, how many
// days late, which escalation step it reached — and of a rectification notice's
// findings, units and reviews. Where the context keeps these facts itself
// (`context.record`, `context.findings`, `context.reviews`) they are read as they are;
// otherwise they are derived from what it does keep (filed reports and their `late`
// flag, what is overdue now) with the campaign's resolved dates and the event log.
// Nothing is estimated: a fact that cannot be derived is left null.
import { ladderForKey, type CampaignContext } from '../../definitions/language/compile.js';
import { compareDates, isWorkingDay, shanghaiDate } from '../../definitions/language/dates.js';
import type { CampaignDefinition, DayCount, Level, Text } from '../../definitions/language/schema.js';
import { campaignTimers, type ResolvedDates } from '../core/schedule.js';

export type DueKind = 'report' | 'task' | 'checklist' | 'target' | 'review' | 'case';

export type Escalation = { ladder: string; step: number; stepTitle?: Text; since: string };

/** A due item and what became of it. */
export type DueRecord = {
  key: string;
  kind: DueKind;
  ref: string;
  period?: string;
  unit?: string;
  dueAt: string;
  doneAt: string | null;
  /** Days late when done late, in the definition's day count; 0 when on time; null while not done. */
  daysLate: number | null;
  onTime: boolean | null;
  escalation: Escalation | null;
};

/** An escalation step reached, from the event log: the item's key, the step and when. */
export type EscalationFact = { key: string; step: number; at: string };

/** Days from one date to a later one, counted as the definition counts them (working days: those in between that are working days). */
export function daysBetween(from: string, to: string, count: DayCount): number {
  if (compareDates(to, from) <= 0) return 0;
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  const days = Math.round(ms / 86_400_000);
  if (count === 'calendar') return days;
  let n = 0;
  for (let i = 1; i <= days; i++) if (isWorkingDay(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10))) n++;
  return n;
}

type Ctx = Record<string, unknown>;

/** The last day something may be done: a deadline is the start of the day after it (endOfDay). */
export function dueDay(dueAt: string): string {
  return shanghaiDate(new Date(Date.parse(dueAt) - 1).toISOString());
}

/** The ladder step reached for a record key, titled by the ladder that answers its cause. */
function escalationOf(def: CampaignDefinition, key: string, step: number, since: string): Escalation {
  const ladder = ladderForKey(def, key);
  const title = ladder?.steps[step]?.title;
  return { ladder: ladder?.id ?? '', step, ...(title ? { stepTitle: title } : {}), since };
}

/**
 * The due records of one instance, as its context keeps them: every due thing with
 * when it was due, when it was done and how late, and the ladder step it reached.
 */
export function dueRecordsOf(def: CampaignDefinition, _dates: ResolvedDates, _level: Level, context: Ctx, escalations: readonly EscalationFact[] = []): DueRecord[] {
  const ctx = context as unknown as CampaignContext;
  return Object.entries(ctx.due ?? {}).map(([key, f]): DueRecord => {
    const open = ctx.escalations?.[key];
    const reached = escalations.filter((e) => e.key === key);
    const last = reached.length > 0 ? reached.reduce((a, b) => (b.step > a.step ? b : a)) : undefined;
    const escalation = open && open.step >= 0 ? escalationOf(def, key, open.step, last?.at ?? open.since) : last ? escalationOf(def, key, last.step, last.at) : null;
    return {
      key,
      kind: f.kind,
      ref: f.ref,
      ...(f.period ? { period: f.period } : {}),
      ...(f.kind === 'checklist' ? { unit: f.ref } : {}),
      dueAt: f.dueAt,
      doneAt: f.doneAt,
      daysLate: f.daysLate,
      onTime: f.doneAt === null ? null : f.daysLate === 0,
      escalation,
    };
  });
}

/** A due record as it stood at the end of a day: done by then, or open (and how many days past due). */
export type RecordAsOf = DueRecord & { status: 'not-due' | 'on-time' | 'late' | 'missing'; daysOverdue: number | null; escalationAsOf: Escalation | null };

export function asOf(def: CampaignDefinition, r: DueRecord, date: string, escalations: readonly EscalationFact[] = []): RecordAsOf {
  const end = `${date}T23:59:59.999+08:00`;
  const reached = escalations.filter((e) => e.key === r.key && Date.parse(e.at) <= Date.parse(end));
  let escalationAsOf: Escalation | null = null;
  if (r.escalation && Date.parse(r.escalation.since) <= Date.parse(end)) escalationAsOf = r.escalation;
  else if (reached.length > 0) {
    const step = Math.max(...reached.map((e) => e.step));
    escalationAsOf = escalationOf(def, r.key, step, reached.find((e) => e.step === step)!.at);
  }
  if (r.doneAt && Date.parse(r.doneAt) <= Date.parse(end)) return { ...r, status: r.onTime ? 'on-time' : 'late', daysOverdue: null, escalationAsOf };
  if (Date.parse(r.dueAt) > Date.parse(end)) return { ...r, status: 'not-due', daysOverdue: null, escalationAsOf: null };
  return { ...r, status: 'missing', daysOverdue: Math.max(0, daysBetween(dueDay(r.dueAt), date, def.dayCount)), escalationAsOf };
}

// ---------------------------------------------------------------- rectification notices

export type Finding = { text: string; unit?: string; item?: string };
export type NoticeUnit = { id: string; kind: string; title: string; dueAt: string | null; open: string[]; done: string[] };
export type ReviewFact = { phase: string; result: 'pass' | 'fail'; at: string; by: string; findings: string[] };

export type NoticeFacts = { findings: Finding[]; units: NoticeUnit[]; reviews: ReviewFact[]; deadline: string | null; suspended: { unit: string; item: string; at: string }[] };

/**
 * A notice instance's findings (kept in its context, else those of the inspection that
 * opened it), its units with their deadline and checklist, its re-inspections.
 */
export function noticeFactsOf(
  def: CampaignDefinition,
  dates: ResolvedDates,
  context: Ctx,
  log: { inspection?: { findings: Finding[] }; reviews: ReviewFact[]; suspended: { unit: string; item: string; at: string }[] },
): NoticeFacts {
  const r = def.rectification;
  const deadline = campaignTimers(def, dates).find((t) => t.key === 'rectification')?.dueAt ?? null;
  const kept = (context.units ?? {}) as Record<string, { kind: string; title: string; dueAt?: string }>;
  const checks = (context.checks ?? {}) as Record<string, true>;
  const units = new Map<string, { kind: string; title: string; dueAt?: string }>();
  for (const s of r?.scope ?? []) for (const u of s.units) units.set(u.id, { kind: s.kind, title: u.title.zh });
  for (const [id, u] of Object.entries(kept)) units.set(id, u);
  const list: NoticeUnit[] = [...units.entries()].map(([id, u]) => {
    const items = r?.checklists.find((c) => c.kind === u.kind)?.items ?? [];
    return { id, kind: u.kind, title: u.title, dueAt: u.dueAt ?? deadline, open: items.filter((i) => !checks[`${id}/${i.id}`]).map((i) => i.id), done: items.filter((i) => checks[`${id}/${i.id}`]).map((i) => i.id) };
  });
  const findings = Array.isArray(context.findings) ? (context.findings as Finding[]) : (log.inspection?.findings ?? []);
  const reviews = Array.isArray(context.reviews) ? (context.reviews as ReviewFact[]) : log.reviews;
  return { findings, units: list, reviews, deadline, suspended: log.suspended };
}
