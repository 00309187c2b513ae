// The campaign definition language: one zod schema, from which the TypeScript
// types are inferred and the committed JSON Schema (definitions/schema.json) is
// generated. Shape only; cross-references and ordering are checked in validate.ts.
import { z } from 'zod';

/** Text in both languages of the product: Chinese first, English beside it. */
export const Text = z
  .object({
    zh: z.string().trim().min(1, 'needs Chinese text'),
    en: z.string().trim().min(1, 'needs English text'),
  })
  .strict();
export type Text = z.infer<typeof Text>;

/** Identifiers are lower-case words joined by hyphens: `self-inspection`. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "self-inspection"');

/**
 * The administrative levels of China, from the top down. `nation` is the whole
 * country (code 100000), the root of a campaign launched nationally.
 */
export const LEVELS = ['nation', 'province', 'city', 'county', 'township', 'village'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

/** Who may send events: the API maps a caller to one of these per instance. */
export const ROLES = ['admin', 'official', 'inspector', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Whether a span of days counts every day or only China's working days (调休 included). */
export const DayCount = z.enum(['calendar', 'working']);
export type DayCount = z.infer<typeof DayCount>;

/** A real calendar date (2023-02-30 and 2023-13-01 are not): JSON Schema `format: date` with the calendar's pattern. */
const IsoDate = z.iso.date({ error: 'must be a real calendar date written YYYY-MM-DD' });

/**
 * A point in time, as a calendar date in Asia/Shanghai: either a fixed date or an
 * offset from the launch date (`{ "months": 1, "days": -1 }`). Offsets are fixed to
 * dates when a campaign is launched.
 */
export const DatePoint = z.union(
  [
    IsoDate,
    z
      .object({
        months: z.number().int().min(-120).max(120).optional(),
        days: z.number().int().min(-3650).max(3650).optional(),
      })
      .strict(),
  ],
  { error: 'must be a date written YYYY-MM-DD or an offset from the launch such as { "months": 1, "days": -1 }' },
);
export type DatePoint = z.infer<typeof DatePoint>;

/** A window of whole days: from `start` to `end`, both included. */
export const Window = z
  .object({
    start: DatePoint,
    end: DatePoint,
  })
  .strict();
export type Window = z.infer<typeof Window>;

/** A span after some moment, e.g. an escalation step 3 working days after the due date. */
export const Delay = z
  .object({
    days: z.number().int().min(0).max(3650),
    count: DayCount.optional(),
  })
  .strict();
export type Delay = z.infer<typeof Delay>;

/** A department or office that leads or cooperates: 市场监管局, 公安局, 学校 … */
export const Unit = z.object({ id: Id, title: Text }).strict();
export type Unit = z.infer<typeof Unit>;

/** What must hold before an instance may leave a phase. All conditions of a phase must hold. */
export const ExitCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('leading-group-formed') }).strict(),
  z.object({ kind: z.literal('report-filed'), report: Id }).strict(),
  z
    .object({
      kind: z.literal('tasks-done'),
      /** Default: every task of the phase that applies to the instance's level. */
      tasks: z.array(Id).min(1).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('indicator-met'), indicator: Id }).strict(),
  z.object({ kind: z.literal('children-past'), phase: Id }).strict(),
  z.object({ kind: z.literal('checklists-complete') }).strict(),
  z.object({ kind: z.literal('risks-closed') }).strict(),
]);
export type ExitCondition = z.infer<typeof ExitCondition>;

/** A phase that ends in a review by the level above (re-inspection), which may send it back. */
export const Review = z
  .object({
    title: Text,
    /** Where a failed review sends the instance back to. */
    returnTo: Id,
    /** After this many failed rounds the failure is escalated to the level above. */
    maxRounds: z.number().int().min(1).max(20),
  })
  .strict();
export type Review = z.infer<typeof Review>;

export const Phase = z
  .object({
    id: Id,
    title: Text,
    description: Text.optional(),
    window: Window,
    exit: z.array(ExitCondition).default([]),
    review: Review.optional(),
  })
  .strict();
export type Phase = z.infer<typeof Phase>;

export const LeadingGroupRole = z
  .object({
    id: Id,
    title: Text,
    min: z.number().int().min(0).max(1000),
    /** Omitted: no upper bound. */
    max: z.number().int().min(1).max(1000).optional(),
    /** `member-unit`: the cardinality is per member unit (one liaison per member unit). */
    per: z.literal('member-unit').optional(),
  })
  .strict();
export type LeadingGroupRole = z.infer<typeof LeadingGroupRole>;

export const LeadingGroup = z
  .object({
    title: Text,
    roles: z.array(LeadingGroupRole).min(1),
    memberUnits: z.array(Id).min(1),
    office: z
      .object({
        title: Text,
        hostUnit: Id,
        /** The role whose holder directs the office. */
        directorRole: Id,
      })
      .strict(),
  })
  .strict();
export type LeadingGroup = z.infer<typeof LeadingGroup>;

export const TaskGroup = z
  .object({
    id: Id,
    title: Text,
    lead: Id,
    members: z.array(Id).default([]),
    /** Numbered in the order written: duty 1, duty 2 … */
    duties: z.array(Text).min(1),
  })
  .strict();
export type TaskGroup = z.infer<typeof TaskGroup>;

export const Task = z
  .object({
    id: Id,
    title: Text,
    phase: Id,
    leadUnit: Id,
    cooperatingUnits: z.array(Id).default([]),
    /** Levels at which the task is carried out; default: every participating level. */
    levels: z.array(Level).min(1).optional(),
    evidence: z.array(Text).default([]),
  })
  .strict();
export type Task = z.infer<typeof Task>;

export const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;

export const Indicator = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('ratio'),
      id: Id,
      title: Text,
      numerator: Text,
      denominator: Text,
      /** Percent: `{ ">=": 95 }` reads "at least 95%". */
      target: z.object({ op: z.enum(COMPARATORS), percent: z.number().min(0).max(100) }).strict(),
      levels: z.array(Level).min(1),
      /** Sum numerators and denominators of the subtree, or take the worst child. */
      rollup: z.enum(['sum', 'worst']).default('sum'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('count'),
      id: Id,
      title: Text,
      target: z.object({ op: z.enum(COMPARATORS), value: z.number().int().min(0) }).strict(),
      levels: z.array(Level).min(1),
      rollup: z.enum(['sum', 'worst']).default('sum'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('yes-no'),
      id: Id,
      title: Text,
      target: z.object({ op: z.literal('='), value: z.boolean() }).strict(),
      levels: z.array(Level).min(1),
      /** `all`: the subtree holds when every part holds; `any`: when one does. */
      rollup: z.enum(['all', 'any']).default('all'),
    })
    .strict(),
]);
export type Indicator = z.infer<typeof Indicator>;

export const Cadence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), due: DatePoint }).strict(),
  z.object({ kind: z.literal('phase-end'), phase: Id }).strict(),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28) }).strict(),
  z
    .object({
      kind: z.literal('quarterly'),
      /** Due on this day of the month after each quarter ends. */
      day: z.number().int().min(1).max(28),
    })
    .strict(),
]);
export type Cadence = z.infer<typeof Cadence>;

export const Report = z
  .object({
    id: Id,
    title: Text,
    cadence: Cadence,
    /** Levels whose instances file the report. */
    filedBy: z.array(Level).min(1),
    /** `parent`: the level above; `office`: the leading group's office at the same level. */
    to: z.enum(['parent', 'office']),
    /** Periodic reports are due only while these phases run; default: the whole campaign. */
    phases: z.array(Id).min(1).optional(),
  })
  .strict();
export type Report = z.infer<typeof Report>;

export const ESCALATION_STEPS = ['remind', 'criticise', 'list'] as const;
export const EscalationStep = z
  .object({
    step: z.enum(ESCALATION_STEPS),
    title: Text,
    after: Delay,
  })
  .strict();
export type EscalationStep = z.infer<typeof EscalationStep>;

export const Supervision = z
  .object({
    /** Windows in which the level above inspects; they may overlap the phases. */
    windows: z
      .array(z.object({ id: Id, title: Text, window: Window }).strict())
      .default([]),
    /** What happens to an overdue report or deadline, step by step, after its due date. */
    escalation: z.array(EscalationStep).default([]),
  })
  .strict();
export type Supervision = z.infer<typeof Supervision>;

export const ChecklistItem = z
  .object({
    id: Id,
    text: Text,
    /** An item still open when the deadline passes triggers this (e.g. a licence). */
    onOverdue: z.enum(['suspend-business']).optional(),
  })
  .strict();

export const Rectification = z
  .object({
    /** Days from the notice to the deadline for every checklist item. */
    deadline: Delay,
    scope: z
      .array(
        z
          .object({
            kind: Id,
            title: Text,
            /** Named units in scope; units of this kind can also be added while rectifying. */
            units: z.array(Unit).default([]),
          })
          .strict(),
      )
      .min(1),
    checklists: z
      .array(z.object({ kind: Id, items: z.array(ChecklistItem).min(1) }).strict())
      .min(1),
  })
  .strict();
export type Rectification = z.infer<typeof Rectification>;

export const RiskList = z
  .object({
    title: Text,
    /** The closed loop every risk goes through: recorded → … → closed (销号). */
    stages: z.array(Id).min(2),
  })
  .strict();
export type RiskList = z.infer<typeof RiskList>;

export const CampaignDefinition = z
  .object({
    $schema: z.string().optional(),
    id: Id,
    kind: z.enum(['special-rectification', 'consolidation-action', 'rectification-notice', 'other']),
    title: Text,
    description: Text,
    levels: z
      .object({
        participating: z.array(Level).min(1),
        launchedBy: Level,
      })
      .strict(),
    dayCount: DayCount.default('calendar'),
    units: z.array(Unit).default([]),
    phases: z.array(Phase).min(1),
    final: z.object({ id: Id, title: Text }).strict(),
    leadingGroup: LeadingGroup.optional(),
    taskGroups: z.array(TaskGroup).default([]),
    tasks: z.array(Task).default([]),
    indicators: z.array(Indicator).default([]),
    reports: z.array(Report).default([]),
    supervision: Supervision.default({ windows: [], escalation: [] }),
    rectification: Rectification.optional(),
    riskList: RiskList.optional(),
    /** Which roles may send which events; events not named keep the defaults of events.ts. */
    permissions: z.record(z.string(), z.array(Role)).default({}),
  })
  .strict();

/** A definition as written (defaults not yet filled in). */
export type CampaignDefinitionInput = z.input<typeof CampaignDefinition>;
/** A definition after parsing, with every default filled in. */
export type CampaignDefinition = z.infer<typeof CampaignDefinition>;
