// Fixing a definition's dates at launch, and the campaign-wide deadlines that follow
// from them: the first window's opening, report due dates, tasks and targets with a
// date, supervision windows, the rectification deadline. Pure: the engine stores the
// result as timer rows. A phase's end is not a deadline: phases are calendar periods.
import { addSpan, compareDates, resolveDatePoint, startOfDay } from '../../definitions/language/dates.js';
import { deadlineOf, reportPeriods, targetDueDate, taskDueDate, type CampaignCalendar, type DateWindow } from '../../definitions/language/due.js';
import type { CampaignEvent } from '../../definitions/language/events.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';

export type { DateWindow } from '../../definitions/language/due.js';

export type ResolvedDates = {
  launchDate: string;
  /** When the campaign was launched (an instant): a first window that opens later has not started at launch. */
  launchedAt?: string;
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

export function resolveDates(def: CampaignDefinition, launchDate: string, launchedAt?: string): ResolvedDates {
  const fix = (w: { start: Parameters<typeof resolveDatePoint>[0]; end: Parameters<typeof resolveDatePoint>[0] }) => ({
    start: resolveDatePoint(w.start, launchDate, def.dayCount),
    end: resolveDatePoint(w.end, launchDate, def.dayCount),
  });
  const phases = Object.fromEntries(def.phases.map((p) => [p.id, fix(p.window)]));
  const windows = Object.values(phases);
  return {
    launchDate,
    ...(launchedAt ? { launchedAt } : {}),
    start: windows.map((w) => w.start).sort(compareDates)[0]!,
    end: windows.map((w) => w.end).sort(compareDates).at(-1)!,
    phases,
    supervision: Object.fromEntries(def.supervision.windows.map((w) => [w.id, fix(w.window)])),
  };
}

/** What an instance's machine knows of the campaign's dates. */
export function calendarOf(dates: ResolvedDates): CampaignCalendar {
  return { launchDate: dates.launchDate, ...(dates.launchedAt ? { launchedAt: dates.launchedAt } : {}), phases: dates.phases };
}

/** The instant a campaign was launched: recorded at launch, else the start of its launch date. */
export function launchInstant(dates: { launchDate: string; launchedAt?: string | undefined }): string {
  return dates.launchedAt ?? startOfDay(dates.launchDate);
}

/** The deadline of the units a notice starts with: the start of the day after its last day. */
export function rectificationDeadline(def: CampaignDefinition, launchDate: string): string | undefined {
  const r = def.rectification;
  return r ? startOfDay(addSpan(launchDate, r.deadline.days, r.deadline.count ?? def.dayCount)) : undefined;
}

export function campaignTimers(def: CampaignDefinition, dates: ResolvedDates): CampaignTimer[] {
  const all = [...def.levels.participating];
  const cal = calendarOf(dates);
  const timers: CampaignTimer[] = [];
  const first = def.phases[0]!;
  // Launched before its first window: every instance waits, and moves in when it opens.
  if (Date.parse(launchInstant(dates)) < Date.parse(startOfDay(dates.phases[first.id]!.start)))
    timers.push({ key: `open:${first.id}`, dueAt: startOfDay(dates.phases[first.id]!.start), levels: all, event: { type: 'PHASE_OPEN', phase: first.id } });
  for (const w of def.supervision.windows) {
    const window = dates.supervision[w.id]!;
    timers.push({ key: `supervision:${w.id}:open`, dueAt: startOfDay(window.start), levels: all, event: { type: 'SUPERVISION_OPEN', window: w.id } });
    timers.push({ key: `supervision:${w.id}:close`, dueAt: deadlineOf(window.end), levels: all, event: { type: 'SUPERVISION_CLOSE', window: w.id } });
  }
  for (const report of def.reports) {
    for (const { period, due } of reportPeriods(def, report, cal))
      timers.push({ key: `report:${report.id}@${period}`, dueAt: deadlineOf(due), levels: [...report.filedBy], event: { type: 'REPORT_DUE', report: report.id, period } });
  }
  for (const task of def.tasks) {
    const due = taskDueDate(def, task, cal);
    if (due !== undefined) timers.push({ key: `task:${task.id}`, dueAt: deadlineOf(due), levels: [...(task.levels ?? all)], event: { type: 'TASK_DUE', task: task.id } });
  }
  for (const indicator of def.indicators) {
    const due = targetDueDate(def, indicator, cal);
    if (due !== undefined) timers.push({ key: `target:${indicator.id}`, dueAt: deadlineOf(due), levels: [...indicator.levels], event: { type: 'TARGET_DUE', indicator: indicator.id } });
  }
  const deadline = rectificationDeadline(def, dates.launchDate);
  if (deadline) timers.push({ key: 'rectification', dueAt: deadline, levels: all, event: { type: 'RECTIFICATION_DUE' } });
  return timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
}
