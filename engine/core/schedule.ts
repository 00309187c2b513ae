// Fixing a definition's dates at launch, and the campaign-wide deadlines that follow
// from them: phase ends, report due dates, supervision windows, the rectification
// deadline. Pure: the engine stores the result as timer rows.
import { addMonths, addSpan, compareDates, endOfDay, resolveDatePoint, startOfDay } from '../../definitions/language/dates.js';
import type { CampaignEvent } from '../../definitions/language/events.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';

export type DateWindow = { start: string; end: string };

export type ResolvedDates = {
  launchDate: string;
  start: string;
  end: string;
  phases: Record<string, DateWindow>;
  supervision: Record<string, DateWindow>;
};

/** An event as a timer stores it: the time is stamped when it fires. */
export type TimerEvent = CampaignEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

/** A deadline for every instance of some levels of a campaign. */
export type CampaignTimer = {
  key: string;
  dueAt: string;
  levels: Level[];
  event: TimerEvent;
};

export function resolveDates(def: CampaignDefinition, launchDate: string): ResolvedDates {
  const fix = (w: { start: Parameters<typeof resolveDatePoint>[0]; end: Parameters<typeof resolveDatePoint>[0] }) => ({
    start: resolveDatePoint(w.start, launchDate, def.dayCount),
    end: resolveDatePoint(w.end, launchDate, def.dayCount),
  });
  const phases = Object.fromEntries(def.phases.map((p) => [p.id, fix(p.window)]));
  const windows = Object.values(phases);
  return {
    launchDate,
    start: windows.map((w) => w.start).sort(compareDates)[0]!,
    end: windows.map((w) => w.end).sort(compareDates).at(-1)!,
    phases,
    supervision: Object.fromEntries(def.supervision.windows.map((w) => [w.id, fix(w.window)])),
  };
}

function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Months from the one holding `start` to the one holding `end`, as YYYY-MM. */
function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = `${monthOf(start)}-01`; compareDates(d, end) <= 0; d = addMonths(d, 1)) out.push(monthOf(d));
  return out;
}

function day(n: number): string {
  return String(n).padStart(2, '0');
}

export function campaignTimers(def: CampaignDefinition, dates: ResolvedDates): CampaignTimer[] {
  const all = [...def.levels.participating];
  const timers: CampaignTimer[] = [];
  for (const phase of def.phases) {
    timers.push({ key: `phase:${phase.id}`, dueAt: endOfDay(dates.phases[phase.id]!.end), levels: all, event: { type: 'PHASE_DUE', phase: phase.id } });
  }
  for (const w of def.supervision.windows) {
    const window = dates.supervision[w.id]!;
    timers.push({ key: `supervision:${w.id}:open`, dueAt: startOfDay(window.start), levels: all, event: { type: 'SUPERVISION_OPEN', window: w.id } });
    timers.push({ key: `supervision:${w.id}:close`, dueAt: endOfDay(window.end), levels: all, event: { type: 'SUPERVISION_CLOSE', window: w.id } });
  }
  for (const report of def.reports) {
    const levels = [...report.filedBy];
    const due = (period: string, date: string) =>
      timers.push({ key: `report:${report.id}@${period}`, dueAt: endOfDay(date), levels, event: { type: 'REPORT_DUE', report: report.id, period } });
    const span = report.phases
      ? { start: report.phases.map((p) => dates.phases[p]!.start).sort(compareDates)[0]!, end: report.phases.map((p) => dates.phases[p]!.end).sort(compareDates).at(-1)! }
      : { start: dates.start, end: dates.end };
    const cadence = report.cadence;
    switch (cadence.kind) {
      case 'once':
        due('once', resolveDatePoint(cadence.due, dates.launchDate, def.dayCount));
        break;
      case 'phase-end':
        due('once', dates.phases[cadence.phase]!.end);
        break;
      case 'monthly':
        // A month's report is due on day N of the next month (每月5日前 报上月).
        for (const month of monthsBetween(span.start, span.end)) due(month, `${addMonths(`${month}-01`, 1).slice(0, 7)}-${day(cadence.day)}`);
        break;
      case 'quarterly': {
        const quarters = new Set(monthsBetween(span.start, span.end).map((m) => `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`));
        for (const q of quarters) {
          const lastMonth = `${q.slice(0, 4)}-${day(Number(q.slice(6)) * 3)}-01`;
          due(q, `${addMonths(lastMonth, 1).slice(0, 7)}-${day(cadence.day)}`);
        }
        break;
      }
    }
  }
  if (def.rectification) {
    // "Five days from 12-22" ends when 12-27 begins: the deadline is the start of launch + N days.
    const date = addSpan(dates.launchDate, def.rectification.deadline.days, def.rectification.deadline.count ?? def.dayCount);
    timers.push({ key: 'rectification', dueAt: startOfDay(date), levels: all, event: { type: 'RECTIFICATION_DUE' } });
  }
  return timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
}
