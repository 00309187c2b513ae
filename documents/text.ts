// Reading a definition's prose: its description is written as labelled sections
// (指导思想：… 总体目标：… 工作要求：…), as the plans in the source documents are.
// Splitting it lets a plan put each in its place; nothing is added to the words.
import type { Level } from '../definitions/language/schema.js';

export type Section = { label: string | null; text: string };

/** "依据…编制。指导思想：甲。总体目标：乙。" → [{null, 依据…编制。}, {指导思想, 甲。}, {总体目标, 乙。}] */
export function sections(description: string): Section[] {
  const re = /(?:^|(?<=[。；]))\s*([^。；：:，,（）()《》“”]{2,10})[：:]/g;
  const marks: { label: string; start: number; body: number }[] = [];
  for (const m of description.matchAll(re)) marks.push({ label: m[1]!.trim(), start: m.index, body: m.index + m[0].length });
  const out: Section[] = [];
  const head = description.slice(0, marks[0]?.start ?? description.length).trim();
  if (head) out.push({ label: null, text: head });
  marks.forEach((m, i) => out.push({ label: m.label, text: description.slice(m.body, marks[i + 1]?.start ?? description.length).trim() }));
  return out;
}

/** The titles quoted in 《》 in a text: the documents a plan is based on. */
export function quotedTitles(text: string): string[] {
  return [...new Set([...text.matchAll(/《([^》]{2,80})》/g)].map((m) => `《${m[1]}》`))];
}

/** A phase description's leading "（2月）" or "（整改期限5天，…）": the plan prints the real window instead. */
export function withoutLeadingWhen(text: string): string {
  return text.replace(/^（[^）]{1,40}）/, '').trim();
}

/** Ends a sentence with 。 unless it already ends with punctuation. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。！？；：…」”）)]$/.test(t) ? t : `${t}。`;
}

/** What a level is called in a plan: 市, 县（市、区）, 乡镇（街道）. */
export const LEVEL_ZH: Record<Level, string> = {
  nation: '全国',
  province: '省（区、市）',
  city: '市',
  county: '县（市、区）',
  township: '乡镇（街道）',
  village: '村（社区）',
};

/** Short names: 市、县、乡镇. */
export const LEVEL_SHORT_ZH: Record<Level, string> = { nation: '国家', province: '省', city: '市', county: '县', township: '乡镇', village: '村' };

/** 甲、乙和丙 */
export function listZh(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join('、')}和${items.at(-1)}`;
}
