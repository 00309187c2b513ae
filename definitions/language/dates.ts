// Calendar arithmetic for campaigns, in the Asia/Shanghai calendar (UTC+8, no
// daylight saving). Dates are `YYYY-MM-DD` strings; an instant is an ISO string in
// UTC. Working days follow China's official schedule, public holidays and make-up
// working days (调休) included, from the `chinese-days` package's data.
import chineseDays from 'chinese-days';
import { shanghaiDate } from '../vocabulary.js';
import type { DatePoint, DayCount, Delay } from './schema.js';

export { shanghaiDate };

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** A calendar date as days since 1970-01-01; safe arithmetic without time zones. */
function toDayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Add whole months; the day is clamped to the month's last day (01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDayNumber(Math.round(Date.UTC(year, month, Math.min(d, last)) / DAY_MS));
}

export function isWorkingDay(date: string): boolean {
  return chineseDays.isWorkday(date);
}

/**
 * Move `days` working days from `date` (negative: backwards). Zero working days
 * from a rest day is the next working day, so a deadline never lands on a holiday.
 */
export function addWorkingDays(date: string, days: number): string {
  let current = date;
  if (days === 0) {
    while (!isWorkingDay(current)) current = addDays(current, 1);
    return current;
  }
  const stepDir = days > 0 ? 1 : -1;
  let left = Math.abs(days);
  while (left > 0) {
    current = addDays(current, stepDir);
    if (isWorkingDay(current)) left -= 1;
  }
  return current;
}

export function addSpan(date: string, days: number, count: DayCount): string {
  return count === 'working' ? addWorkingDays(date, days) : addDays(date, days);
}

/** Fix a date point to a calendar date, given the launch date. */
export function resolveDatePoint(point: DatePoint, launchDate: string, count: DayCount): string {
  if (typeof point === 'string') return point;
  const afterMonths = addMonths(launchDate, point.months ?? 0);
  return point.days ? addSpan(afterMonths, point.days, count) : afterMonths;
}

/** The instant a calendar date begins in Asia/Shanghai. */
export function startOfDay(date: string): string {
  return new Date(toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS).toISOString();
}

/** The deadline of a window or due date that includes its last day: the next day's start. */
export function endOfDay(date: string): string {
  return startOfDay(addDays(date, 1));
}

/** The instant a delay after `from` ends, counted in calendar or working days. */
export function afterDelay(from: string, delay: Delay, defaultCount: DayCount): string {
  const count = delay.count ?? defaultCount;
  if (count === 'calendar') return new Date(Date.parse(from) + delay.days * DAY_MS).toISOString();
  // Working days: keep the time of day, move the calendar date.
  const date = shanghaiDate(from);
  const timeOfDay = Date.parse(from) - Date.parse(startOfDay(date));
  return new Date(Date.parse(startOfDay(addWorkingDays(date, delay.days))) + timeOfDay).toISOString();
}

export function compareDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}
