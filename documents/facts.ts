// The facts documents are written from, as plain shapes (the engine's adapter fills
// them from the instances; documents/ never reads the database). Every number a
// document prints is one of these or a count or share of them.
import type { Level, Text } from '../definitions/language/schema.js';
import { blank, type Inline } from './model.js';

/** A due item (a report for a period, a task, a checklist) as it stood at the end of a day. */
export type DueItem = {
  kind: string;
  ref: string;
  period?: string;
  dueAt: string;
  doneAt: string | null;
  status: 'not-due' | 'on-time' | 'late' | 'missing';
  /** Days late when done late. */
  daysLate: number | null;
  /** Days past due while still not done. */
  daysOverdue: number | null;
  escalationAsOf: { step: number; stepTitle?: Text } | null;
};

export type Place = { code: string; name: string; level: Level };

export type NodeItems = Place & { parentCode: string | null; records: DueItem[] };

/** Who issues a document and under what number. */
export type Issue = {
  /** The issuing body's name (署名, 版头); absent: a blank. */
  issuer?: string;
  /** 发文字号 as allocated, or the prefix to print before a blank number. */
  number?: string;
  prefix?: string;
  /** 成文日期 (YYYY-MM-DD). */
  date: string;
};

/** 发文字号: the allocated number, else the prefix and year with a blank for the number. */
export function numberLine(issue: Issue): Inline[] {
  if (issue.number) return [issue.number];
  return [issue.prefix ?? blank(3, '发文机关代字'), `〔${issue.date.slice(0, 4)}〕`, blank(2, '序号'), '号'];
}

export function issuerLine(issue: Issue): Inline[] {
  return issue.issuer ? [issue.issuer] : [blank(8, '发文机关')];
}

/** A share as a percentage with at most one decimal, of counts the system holds; a dash when there is nothing to divide. */
export function share(part: number, whole: number): string {
  if (whole === 0) return '—';
  const p = Math.round((1000 * part) / whole) / 10;
  return `${p}%`;
}
