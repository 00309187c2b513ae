// The one place that reads an instance's context for documents. Documents speak of
// due items as kept facts — `DueRecord`: what was due when, when it was done, how many
// days late, which escalation step it reached — and of a rectification notice's
// findings, units and reviews. Where the context keeps these facts itself
// (`context.record`, `context.findings`, `context.reviews`) they are read as they are;
// otherwise they are derived from what it does keep (filed reports and their `late`
// flag, what is overdue now) with the campaign's resolved dates and the event log.
// Nothing is estimated: a fact that cannot be derived is left null.
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

/** The due records of one instance. */
export function dueRecordsOf(def: CampaignDefinition, dates: ResolvedDates, level: Level, context: Ctx, escalations: readonly EscalationFact[] = []): DueRecord[] {
  const kept = context.record as Record<string, Omit<DueRecord, 'key'>> | undefined;
  if (kept && typeof kept === 'object') return Object.entries(kept).map(([key, r]) => ({ key, ...r }));
  return derivedRecords(def, dates, level, context, escalations);
}

/** The highest escalation step an item reached, from the ESCALATE events handed in (the log knows when). */
function stepOf(def: CampaignDefinition, key: string, escalations: readonly EscalationFact[]): Escalation | null {
  const reached = escalations.filter((e) => e.key === key);
  if (reached.length === 0) return null;
  const step = Math.max(...reached.map((e) => e.step));
  const title = def.supervision.escalation[step]?.title;
  return { ladder: 'overdue', step, ...(title ? { stepTitle: title } : {}), since: reached.find((e) => e.step === step)!.at };
}

function derivedRecords(def: CampaignDefinition, dates: ResolvedDates, level: Level, ctx: Ctx, escalations: readonly EscalationFact[]): DueRecord[] {
  const reports = (ctx.reports ?? {}) as Record<string, { filedAt: string; late: boolean; daysLate?: number }>;
  const out: DueRecord[] = [];
  for (const timer of campaignTimers(def, dates)) {
    if (timer.event.type !== 'REPORT_DUE' || !timer.levels.includes(level)) continue;
    const { report, period } = timer.event;
    const key = `report:${report}@${period}`;
    const filed = reports[`${report}@${period}`];
    const daysLate = filed ? (filed.daysLate ?? (filed.late ? Math.max(1, daysBetween(dueDay(timer.dueAt), shanghaiDate(filed.filedAt), def.dayCount)) : 0)) : null;
    out.push({
      key,
      kind: 'report',
      ref: report,
      period,
      dueAt: timer.dueAt,
      doneAt: filed?.filedAt ?? null,
      daysLate,
      onTime: filed ? !filed.late : null,
      escalation: stepOf(def, key, escalations),
    });
  }
  return out;
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
    const title = def.supervision.escalation[step]?.title;
    escalationAsOf = { ladder: 'overdue', step, ...(title ? { stepTitle: title } : {}), since: reached.find((e) => e.step === step)!.at };
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
