// When things fall due, from a definition and a campaign's calendar (its launch date
// and resolved phase windows). The same arithmetic fixes the timers at launch and
// judges lateness inside the machine, so a deadline shown and a lateness recorded
// can never disagree.
import { addDays, addMonths, compareDates, endOfDay, isWorkingDay, resolveDatePoint, shanghaiDate } from './dates.js';
import type { CampaignDefinition, Indicator, Report, Task } from './schema.js';

/** A window of whole days, both included, as calendar dates. */
export type DateWindow = { start: string; end: string };

/** What a campaign's dates are once launched: what the machine needs to judge what is due. */
export type CampaignCalendar = {
  launchDate: string;
  /** When it was launched (an instant); default the start of the launch date. */
  launchedAt?: string;
  phases: Record<string, DateWindow>;
};

function monthOf(date: string): string {
  return date.slice(0, 7);
}

function day(n: number): string {
  return String(n).padStart(2, '0');
}

/** Months from the one holding `start` to the one holding `end`, as YYYY-MM. */
export function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = `${monthOf(start)}-01`; compareDates(d, end) <= 0; d = addMonths(d, 1)) out.push(monthOf(d));
  return out;
}

/** The days a periodic report covers: the phases it names, or the whole campaign. */
export function reportSpan(def: CampaignDefinition, report: Report, cal: CampaignCalendar): DateWindow {
  const windows = (report.phases ?? def.phases.map((p) => p.id)).map((p) => cal.phases[p]).filter((w): w is DateWindow => w !== undefined);
  return {
    start: windows.map((w) => w.start).sort(compareDates)[0] ?? cal.launchDate,
    end: windows.map((w) => w.end).sort(compareDates).at(-1) ?? cal.launchDate,
  };
}

export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * Every period a report is filed for, with the date it is due (the last day it may
 * be filed on time): `once` for one-off and phase-end reports; the months or quarters
 * of its span for periodic ones, each due on day N of the month after (每月5日前 报上月).
 */
export function reportPeriods(def: CampaignDefinition, report: Report, cal: CampaignCalendar): { period: string; due: string }[] {
  const cadence = report.cadence;
  switch (cadence.kind) {
    case 'once':
      return [{ period: 'once', due: resolveDatePoint(cadence.due, cal.launchDate, def.dayCount) }];
    case 'phase-end': {
      const w = cal.phases[cadence.phase];
      return w ? [{ period: 'once', due: w.end }] : [];
    }
    case 'monthly': {
      const span = reportSpan(def, report, cal);
      return monthsBetween(span.start, span.end).map((month) => ({ period: month, due: `${addMonths(`${month}-01`, 1).slice(0, 7)}-${day(cadence.day)}` }));
    }
    case 'quarterly': {
      const span = reportSpan(def, report, cal);
      const quarters = [...new Set(monthsBetween(span.start, span.end).map(quarterOf))];
      return quarters.map((q) => {
        const lastMonth = `${q.slice(0, 4)}-${day(Number(q.slice(6)) * 3)}-01`;
        return { period: q, due: `${addMonths(lastMonth, 1).slice(0, 7)}-${day(cadence.day)}` };
      });
    }
  }
}

/** The date a report's period is due, or undefined when the period is not one of the report's. */
export function reportDueDate(def: CampaignDefinition, report: Report, period: string, cal: CampaignCalendar): string | undefined {
  return reportPeriods(def, report, cal).find((p) => p.period === period)?.due;
}

/** The date a task is due, or undefined when it has no due date. */
export function taskDueDate(def: CampaignDefinition, task: Task, cal: CampaignCalendar): string | undefined {
  if (task.due === undefined) return undefined;
  if (task.due === 'phase-end') return cal.phases[task.phase]?.end;
  return resolveDatePoint(task.due, cal.launchDate, def.dayCount);
}

/** The date an indicator's target must be met by, or undefined when it has none. */
export function targetDueDate(def: CampaignDefinition, indicator: Indicator, cal: CampaignCalendar): string | undefined {
  return indicator.by === undefined ? undefined : resolveDatePoint(indicator.by, cal.launchDate, def.dayCount);
}

/** The instant a due date has passed: the start of the next day in Asia/Shanghai. */
export function deadlineOf(date: string): string {
  return endOfDay(date);
}

/** The last day something due at `deadline` could be done on time (the inverse of deadlineOf). */
export function dueDateOf(deadline: string): string {
  return shanghaiDate(new Date(Date.parse(deadline) - 1));
}

/**
 * How late something done at `doneAt` was for a deadline: 0 when on time; otherwise
 * the days from its due date to the day it was done, counted as the definition counts
 * (working days skip rest days and holidays), and at least 1.
 */
export function daysLate(deadline: string, doneAt: string, count: 'calendar' | 'working'): number {
  if (Date.parse(doneAt) <= Date.parse(deadline)) return 0;
  const due = dueDateOf(deadline);
  const done = shanghaiDate(doneAt);
  if (count === 'calendar') return Math.max(1, compareDates(done, due));
  let n = 0;
  for (let d = addDays(due, 1); compareDates(d, done) <= 0; d = addDays(d, 1)) if (isWorkingDay(d)) n += 1;
  return Math.max(1, n);
}
