// The event vocabulary of every compiled campaign machine: one place, typed, each
// event with its zod payload schema and the roles that may send it by default.
// Events marked `system` come from the engine itself (timers, the roll-up), never
// from a caller of the API.
import { z } from 'zod';
import { Id, type Role } from './schema.js';
import { humanError } from './zod-messages.js';

const Note = z.string().trim().max(4000);
const Attachment = z
  .object({ name: z.string().trim().min(1).max(200), url: z.string().trim().min(1).max(2000) })
  .strict();

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

/**
 * One finding of an inspection or a review: what was found, and where — a unit in the
 * notice's scope (by id), or a unit found on site (kind, id and name: it joins the
 * notice's scope), and the checklist item it concerns.
 */
export const Finding = z
  .object({
    text: z.string().trim().min(1).max(2000),
    unit: z
      .union([Id, z.object({ id: Id, kind: Id, title: z.string().trim().min(1).max(200) }).strict()])
      .optional(),
    item: Id.optional(),
  })
  .strict();
export type Finding = z.infer<typeof Finding>;

export const IndicatorValue = z.union(
  [
    z.boolean(),
    z.number().int().min(0),
    z
      .object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) })
      .strict()
      .refine((v) => v.numerator <= v.denominator, { message: 'numerator exceeds denominator', path: ['numerator'] }),
  ],
  { error: 'must be true or false, a whole number, or { "numerator": n, "denominator": d }' },
);
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/** What the engine knows of an instance's children when it delivers an event (for `children-past`). */
export const ChildrenView = z
  .object({
    total: z.number().int().min(0),
    /** For each phase id: how many children have reached it or gone beyond. */
    past: z.record(z.string(), z.number().int().min(0)),
  })
  .strict();
export type ChildrenView = z.infer<typeof ChildrenView>;

/** Payload schemas, keyed by event type. */
export const EVENT_PAYLOADS = {
  /** Move to the next phase; refused until the current phase's exit conditions hold. */
  ADVANCE: z.object({ note: Note.optional() }).strict(),
  /** Form (or re-form) the leading group: who holds which role. */
  FORM_LEADING_GROUP: z
    .object({
      members: z
        .array(z.object({ role: Id, name: z.string().trim().min(1).max(100), unit: Id.optional() }).strict())
        .min(1)
        .max(500),
    })
    .strict(),
  /** File a report; `period` names the month (2024-03) or quarter (2024-Q1) of a periodic one. */
  FILE_REPORT: z
    .object({
      report: Id,
      period: z.string().regex(/^(\d{4}-\d{2}|\d{4}-Q[1-4]|once)$/, 'must be YYYY-MM, YYYY-Qn or "once"').default('once'),
      summary: Note.optional(),
      figures: z.record(z.string(), z.number()).optional(),
      attachments: z.array(Attachment).max(50).default([]),
    })
    .strict(),
  START_TASK: z.object({ task: Id, note: Note.optional() }).strict(),
  COMPLETE_TASK: z
    .object({ task: Id, evidence: z.array(Attachment).max(50).default([]), note: Note.optional() })
    .strict(),
  /** Record the measured value of an indicator at this jurisdiction. */
  RECORD_INDICATOR: z.object({ indicator: Id, value: IndicatorValue }).strict(),
  /** An inspection by the level above; findings may open a rectification notice below. */
  INSPECT: z
    .object({
      findings: z.array(Finding).max(200).default([]),
      openRectification: z
        .object({
          definition: Id,
          /** The version to open; default the latest published (the recorded event keeps the version opened). */
          version: z.number().int().min(1).max(2_147_483_647).optional(),
          /** The first day of the rectification; default the notice definition's start (days after the inspection; recorded as resolved). */
          start: IsoDate.optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  /** The verdict of a phase's review by the level above (acceptance, re-inspection). */
  REVIEW: z
    .object({
      result: z.enum(['pass', 'fail']),
      /** What the reviewer found, item by item (a single text is one finding). */
      findings: z
        .union([Note.transform((text) => (text ? [{ text }] : [])).pipe(z.array(Finding)), z.array(Finding).max(200)])
        .default([]),
      /** On a failure, the checklist items to do again; none named: every item. */
      reopen: z.array(z.object({ unit: Id, item: Id }).strict()).max(500).default([]),
    })
    .strict(),
  /** Add a unit in scope of a rectification notice (e.g. a catering unit found on site). */
  ADD_UNIT: z.object({ kind: Id, unit: Id, title: z.string().trim().min(1).max(200) }).strict(),
  /** Tick (or untick) one checklist item of one unit. */
  CHECK_ITEM: z.object({ unit: Id, item: Id, done: z.boolean(), note: Note.optional() }).strict(),
  RECORD_RISK: z
    .object({ risk: Id, title: z.string().trim().min(1).max(500), assignee: z.string().trim().min(1).max(100) })
    .strict(),
  /** Move a risk to the next stage of the risk list's closed loop. */
  ADVANCE_RISK: z.object({ risk: Id, note: Note.optional() }).strict(),
  /** Public commendation of an instance by the level above. */
  COMMEND: z.object({ note: Note }).strict(),
  CANCEL: z.object({ reason: Note }).strict(),
  /** Open a case (案件) found in the campaign; `major` lists it for supervised handling by the level above. */
  RECORD_CASE: z.object({ case: Id, title: z.string().trim().min(1).max(500), major: z.boolean().default(false), note: Note.optional() }).strict(),
  /** Mark an open case major (重大案件): the ladder for major cases starts. */
  MARK_CASE_MAJOR: z.object({ case: Id, note: Note.optional() }).strict(),
  CLOSE_CASE: z.object({ case: Id, note: Note.optional() }).strict(),
  // --- system events: sent by the engine's timers, never through the API ---
  /** A phase's window opens: an instance waiting for it moves in. */
  PHASE_OPEN: z.object({ phase: Id }).strict(),
  /** A report is due now (for a periodic report: the period's). */
  REPORT_DUE: z.object({ report: Id, period: z.string() }).strict(),
  /** A task with a due date is due now. */
  TASK_DUE: z.object({ task: Id }).strict(),
  /** An indicator's target date has come: met or missed. */
  TARGET_DUE: z.object({ indicator: Id }).strict(),
  /** A rectification deadline has passed: for one unit, or for every unit due by now. */
  RECTIFICATION_DUE: z.object({ unit: Id.optional(), note: Note.optional() }).strict(),
  /** One escalation step for something open (`key` names it, e.g. `report:monthly@2024-03`). */
  ESCALATE: z.object({ key: z.string().min(1), step: z.number().int().min(0) }).strict(),
  /** A matter reported up from a notice below (报上级处理): a unit past its deadline. */
  REFERRAL: z
    .object({
      from: z.object({ campaignId: z.number().int(), instanceId: z.number().int(), code: z.string(), name: z.string().optional() }).strict(),
      unit: z.string(),
      unitTitle: z.string(),
      item: z.string(),
      itemText: z.string().optional(),
      actions: z.array(z.string()),
    })
    .strict(),
  SUPERVISION_OPEN: z.object({ window: Id }).strict(),
  SUPERVISION_CLOSE: z.object({ window: Id }).strict(),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];

export const SYSTEM_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'PHASE_OPEN',
  'REPORT_DUE',
  'TASK_DUE',
  'TARGET_DUE',
  'RECTIFICATION_DUE',
  'ESCALATE',
  'REFERRAL',
  'SUPERVISION_OPEN',
  'SUPERVISION_CLOSE',
]);

/** Who may send what when the definition says nothing. System events have no roles. */
export const DEFAULT_PERMISSIONS: Record<EventType, readonly Role[]> = {
  ADVANCE: ['official', 'admin'],
  FORM_LEADING_GROUP: ['official', 'admin'],
  FILE_REPORT: ['official'],
  START_TASK: ['official'],
  COMPLETE_TASK: ['official'],
  RECORD_INDICATOR: ['official'],
  INSPECT: ['inspector'],
  REVIEW: ['inspector'],
  ADD_UNIT: ['official', 'inspector'],
  CHECK_ITEM: ['official'],
  RECORD_RISK: ['official', 'inspector'],
  ADVANCE_RISK: ['official'],
  COMMEND: ['inspector', 'admin'],
  CANCEL: ['admin'],
  RECORD_CASE: ['official', 'inspector'],
  MARK_CASE_MAJOR: ['official', 'inspector', 'admin'],
  CLOSE_CASE: ['official'],
  PHASE_OPEN: [],
  REPORT_DUE: [],
  TASK_DUE: [],
  TARGET_DUE: [],
  RECTIFICATION_DUE: [],
  ESCALATE: [],
  REFERRAL: [],
  SUPERVISION_OPEN: [],
  SUPERVISION_CLOSE: [],
};

type Payload<T extends EventType> = z.output<(typeof EVENT_PAYLOADS)[T]>;

/**
 * An event as the machine sees it: type, payload fields, the moment it happened
 * (stamped by the engine from its clock, so replay is deterministic) and, where the
 * engine supplies it, the children's view for `children-past`.
 */
export type CampaignEvent = {
  [T in EventType]: { type: T; at: string; children?: ChildrenView } & Payload<T>;
}[EventType];

export type EventOf<T extends EventType> = Extract<CampaignEvent, { type: T }>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_PAYLOADS, type);
}

/** The envelope every event carries besides its payload. */
const Envelope = z.object({ type: z.string(), at: z.iso.datetime({ offset: true }), children: ChildrenView.optional() });

/**
 * Parse an event: its type must be known and its payload must match that type's
 * schema. Returns zod's result so callers can report every issue with its path.
 */
export function parseEvent(input: unknown):
  | { success: true; data: CampaignEvent }
  | { success: false; error: z.ZodError } {
  const envelope = Envelope.safeParse(input, { error: humanError });
  if (!envelope.success) return { success: false, error: envelope.error };
  const { type, at, children } = envelope.data;
  if (!isEventType(type)) {
    return {
      success: false,
      error: new z.ZodError([
        { code: 'custom', path: ['type'], message: `unknown event type "${type}"`, input: type },
      ]),
    };
  }
  const rest = { ...(input as Record<string, unknown>) };
  delete rest.type;
  delete rest.at;
  delete rest.children;
  const payload = EVENT_PAYLOADS[type].safeParse(rest, { error: humanError });
  if (!payload.success) return { success: false, error: payload.error };
  const event = { type, at, ...(children ? { children } : {}), ...payload.data } as CampaignEvent;
  return { success: true, data: event };
}
