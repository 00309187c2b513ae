// What an instance knows (the machine's context) and what it asks the engine to do
// (effects). Lateness is kept as facts — when due, when done, how late — that no later
// event erases; escalations are kept by cause while they are open.
import type { CampaignCalendar } from './due.js';
import type { Finding, IndicatorValue } from './events.js';
import type { CampaignDefinition, Level, Text } from './schema.js';

export type LeadingGroupMember = { role: string; name: string; unit?: string | undefined };

/** Kinds of things that fall due. A target is "due" at its date: met or missed then. */
export type DueKind = 'report' | 'task' | 'checklist' | 'target';

/**
 * One thing that fell due (or was done before it did): a fact of the record. `doneAt`
 * and `daysLate` are set when it is done (0 days: on time); an open fact whose
 * deadline has passed is overdue.
 */
export type DueFact = {
  kind: DueKind;
  /** The report, task, unit or indicator id. */
  ref: string;
  period?: string;
  /** The deadline: the instant the due date has passed. */
  dueAt: string;
  doneAt: string | null;
  daysLate: number | null;
  /** The highest ladder step reached while it was open (-1: none). */
  step: number;
};

/** Why something climbs a ladder, as the plans tell causes apart. */
export type Cause = 'overdue' | 'target-missed' | 'review-failed' | 'major-case';

/** An open escalation: a cause, its ladder and the step reached (-1 before the first). */
export type OpenEscalation = { cause: Cause; ladder: string; since: string; step: number };

export type UnitState = { kind: string; title: string; addedAt: string; dueAt: string };

export type FindingRecord = { text: string; unit?: string; item?: string };

export type ReviewRecord = { phase: string; result: 'pass' | 'fail'; at: string; findings: FindingRecord[] };

export type CaseRecord = { title: string; major: boolean; openedAt: string; majorAt: string | null; closedAt: string | null };

/** A matter reported up from a notice below (报上级处理). */
export type Referral = {
  at: string;
  from: { campaignId: number; instanceId: number; code: string; name?: string | undefined };
  unit: string;
  unitTitle: string;
  item: string;
  itemText?: string | undefined;
  actions: string[];
};

export type CampaignContext = {
  level: Level;
  jurisdiction: string;
  /** The campaign's launch date and phase windows, fixed at launch: what is due when follows from them. */
  calendar: CampaignCalendar;
  leadingGroup: { members: LeadingGroupMember[]; formedAt: string } | null;
  tasks: Record<string, { status: 'started' | 'done'; at: string; evidence: number }>;
  /** Filed reports, keyed `report@period` (period `once` for one-off reports); `filedAt` is when it happened. */
  reports: Record<string, { filedAt: string; daysLate: number; figures?: Record<string, number> | undefined }>;
  indicators: Record<string, IndicatorValue>;
  /** Lateness as facts, keyed `report:<id>@<period>`, `task:<id>`, `checklist:<unit>@r<round>`, `target:<id>`. */
  due: Record<string, DueFact>;
  /** Open escalations by key (the due fact's key, `review:<phase>`, `case:<id>`). */
  escalations: Record<string, OpenEscalation>;
  /** The current phase (the final state's id once closed). While waiting, the phase whose work is done. */
  phase: string;
  /** When the current phase was entered. */
  phaseSince: string | null;
  /** The phase whose window the instance waits for, or null. */
  waitingFor: string | null;
  /** Failed reviews in the current run of reviews (a pass starts again at 0). */
  failedReviews: number;
  /** Rounds of rectification: 0 for the first, one more after each failed review. */
  round: number;
  /** Units in scope of a rectification notice, by unit id, each with its own deadline. */
  units: Record<string, UnitState>;
  /** Ticked checklist items, keyed `unit/item`. */
  checks: Record<string, true>;
  /** What the inspection that opened a notice found. */
  findings: FindingRecord[];
  risks: Record<string, { title: string; assignee: string; stage: number }>;
  inspections: number;
  commendations: number;
  cases: Record<string, CaseRecord>;
  referrals: Referral[];
  reviews: ReviewRecord[];
};

export type CampaignInput = {
  level: Level;
  jurisdiction: string;
  /** The launch date and phase windows; a phase not named is open from the start. */
  calendar?: CampaignCalendar;
  /** Findings of the inspection that opened a notice: units it names join the scope. */
  findings?: Finding[];
};

/** An event as a timer delivers it (system events only). */
export type TimerPayload =
  | { type: 'ESCALATE'; key: string; step: number }
  | { type: 'PHASE_OPEN'; phase: string }
  | { type: 'RECTIFICATION_DUE'; unit?: string }
  | {
      type: 'REFERRAL';
      from: Referral['from'];
      unit: string;
      unitTitle: string;
      item: string;
      itemText?: string;
      actions: string[];
    };

/** What the engine must do outside the machine, in the same transaction as the event. */
export type Effect =
  | {
      type: 'schedule';
      /** Unique per instance; a later schedule with the same key replaces it. */
      key: string;
      /** When it falls due (ISO instant). */
      at: string;
      event: TimerPayload;
    }
  | { type: 'cancel'; keyPrefix: string }
  | {
      type: 'notify-parent';
      reason: 'phase-entered' | 'waiting' | 'closed' | 'escalated' | 'review-failed';
      detail: string;
      data?: Record<string, unknown>;
    }
  | { type: 'open-rectification'; definition: string; version?: number | undefined; start?: string | undefined; findings: Finding[] }
  | { type: 'suspend-business'; unit: string; unitTitle: string; item: string }
  | { type: 'refer-up'; unit: string; unitTitle: string; item: string; itemText: string; actions: string[] };

export const RUNNING = 'running';
export const CANCELLED = 'cancelled';
/** The phase region's state for "waiting for <phase>'s window to open". */
export const WAITING_PREFIX = 'before:';

export function appliesAt(levels: readonly Level[] | undefined, level: Level): boolean {
  return !levels || levels.includes(level);
}

/** The child level of an instance: the next participating level below its own. */
export function childLevel(def: CampaignDefinition, level: Level): Level | undefined {
  const i = def.levels.participating.indexOf(level);
  return i >= 0 ? def.levels.participating[i + 1] : undefined;
}

export function phaseIndexOf(def: CampaignDefinition, phase: string): number {
  return def.phases.findIndex((p) => p.id === phase);
}

/** The period key of a report filing: `once` for one-off reports. */
export function reportKey(report: string, period: string): string {
  return `${report}@${period}`;
}

/** Titles in both languages, for messages that name what they are about. */
export function titleOf(items: readonly { id: string; title: Text }[], id: string): Text {
  return items.find((x) => x.id === id)?.title ?? { zh: id, en: id };
}
