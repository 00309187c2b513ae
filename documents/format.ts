// How documents write dates, numbers, shares and spans of days, in Chinese as
// GB/T 9704-2012 has them (成文日期 in Arabic numerals: 2024年5月28日).
import { chineseNumber } from './model.js';

/** 2024-05-28 (or an ISO instant, read in Asia/Shanghai) → 2024年5月28日. */
export function dateZh(date: string): string {
  const d = date.length > 10 ? shanghaiDay(date) : date;
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** 2024-05 → 2024年5月; 2024-Q2 → 2024年第二季度; once → '' (a one-off report has no period). */
export function periodZh(period: string): string {
  if (period === 'once') return '';
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${chineseNumber(Number(q[2]))}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  return period;
}

/** An ISO instant → its calendar day in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An ISO instant → 2024年5月28日 14:05 in Asia/Shanghai. */
export function timeZh(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${dateZh(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

/** A date window → 2023年7月1日至2024年6月30日 (one day: just the day). */
export function windowZh(w: { start: string; end: string }): string {
  if (w.start === w.end) return dateZh(w.start);
  // The end's year is left out when it is the start's: 2024年2月1日至2月29日.
  const end = w.end.slice(0, 4) === w.start.slice(0, 4) ? dateZh(w.end).replace(/^\d{4}年/, '') : dateZh(w.end);
  return `${dateZh(w.start)}至${end}`;
}

/** A share in percent, as held: 95 → 95%, 87.5 → 87.5%. */
export function percentZh(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}%`;
}

/** A target as written: { op: '>=', percent: 95 } → 不低于95%. */
export function targetZh(t: { op: string; percent?: number; value?: number | boolean }): string {
  const v = t.percent !== undefined ? percentZh(t.percent) : typeof t.value === 'boolean' ? (t.value ? '是' : '否') : String(t.value);
  switch (t.op) {
    case '>=':
      return `不低于${v}`;
    case '>':
      return `高于${v}`;
    case '=':
      return typeof t.value === 'boolean' ? v : `达到${v}`;
    case '<=':
      return `不高于${v}`;
    case '<':
      return `低于${v}`;
    default:
      return `${t.op} ${v}`;
  }
}

/** The last day a deadline allows: deadlines are the start of the day after (so 8-05 for a deadline at 8-06 00:00). */
export function dueDayOf(dueAt: string): string {
  return shanghaiDay(new Date(Date.parse(dueAt) - 1).toISOString());
}
