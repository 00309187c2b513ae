// The API's OpenAPI schemas: one zod schema per resource shape, registered by name,
// plus the request bodies (the event union is built from the engine's EVENT_PAYLOADS).
import { z } from '@hono/zod-openapi';
import { EVENT_PAYLOADS, EVENT_TYPES, SYSTEM_EVENTS, type EventType } from '../definitions/language/events.js';
import { LEVELS, ROLES } from '../definitions/language/schema.js';
import { PROBLEMS } from './problem.js';

// ---------------------------------------------------------------- common

export const IssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).openapi({ example: ['phases', 2, 'window', 'end'] }),
    message: z.string().openapi({ example: 'must be a date written YYYY-MM-DD' }),
  })
  .openapi('Issue');

export const Text = z.object({ zh: z.string(), en: z.string() }).openapi('Text');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/api/problems/event_not_accepted' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(PROBLEMS) as [keyof typeof PROBLEMS, ...(keyof typeof PROBLEMS)[]]),
    issues: z.array(IssueSchema).optional().openapi({ description: 'With `invalid`: every problem of the input, with its path.' }),
    allowed: z.array(z.string()).optional().openapi({ description: 'With `event_not_accepted`: the event types the state accepts now.' }),
    version: z.number().int().optional().openapi({ description: 'With `version_conflict` and `event_not_accepted`: the current version.' }),
    reasons: z
      .array(z.object({ code: z.string(), message: Text }).catchall(z.unknown()))
      .optional()
      .openapi({
        description:
          'With `event_not_accepted`: why, each reason with a stable code, the objects it names (the report, the tasks, the indicator with its value and target, the checklist items, the date a window opens) and its words in Chinese and English.',
      }),
    message: Text.optional().openapi({ description: 'The detail in Chinese and English, where the engine words it in both.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, with a stable `code`.' });

const problem = (description: string) => ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description });

/** The error responses a route may give, for its OpenAPI entry. */
export const errors = {
  400: problem('Malformed JSON or a malformed header (`malformed_json`, `bad_request`).'),
  401: problem('No valid bearer token (`unauthorized`).'),
  403: problem('Outside your jurisdiction or not your role (`forbidden`).'),
  404: problem('No such resource (`not_found`).'),
  409: problem('`version_conflict` (If-Match), `event_not_accepted` (lists `allowed`), `conflict`, `idempotency_in_progress`.'),
  413: problem('The body is over the size limit (`payload_too_large`).'),
  415: problem('The body is not sent as application/json (`unsupported_media_type`).'),
  406: problem('None of the formats in `Accept` (or `?format=`) is available (`not_acceptable`).'),
  422: problem('The input does not match its schema (`invalid`, with every issue), or `idempotency_key_reused`.'),
  429: problem('Over the per-user request limit (`rate_limited`); see Retry-After.'),
} as const;

export const readErrors = { 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422], 429: errors[429] } as const;

export const LevelSchema = z.enum(LEVELS).openapi('Level');
export const RoleSchema = z.enum(ROLES).openapi('Role');
export const Code = z.string().regex(/^\d{1,12}$/, 'must be a code of 1 to 12 digits').openapi({ example: '141181' });
/** A whole number written in decimal digits only (no sign, spaces, exponent or hex, which Number() would take). */
export const Digits = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number written in digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer' });
export const IdParam = Digits(1, Number.MAX_SAFE_INTEGER);
/** Largest value of a Postgres integer column (versions, sequence numbers). */
export const INT4_MAX = 2_147_483_647;
/** A definition version or an event sequence number (integer columns). */
export const VersionParam = Digits(1, INT4_MAX);
/** A cursor of a paged list: an id or sequence number to continue after. */
export const After = Digits(0, Number.MAX_SAFE_INTEGER);
export const StateValueSchema = z.unknown().openapi({
  description: 'The XState state value: a string, or an object of regions (parallel states).',
  example: { running: { phase: 'self-inspection', supervision: 'idle' } },
});

/** `2024-02-29` yes, `2023-02-29` no; years 1900–2199. */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() < 2200;
}

/** Query booleans: `true`/`false`/`1`/`0`. */
export const QueryBool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .openapi({ type: 'boolean' });

export const Limit = (max: number, dflt: number) => Digits(1, max).optional().transform((v) => v ?? dflt).openapi({ type: 'integer', default: dflt });

// ---------------------------------------------------------------- users

export const MeSchema = z
  .object({ id: z.number().int(), name: z.string(), role: RoleSchema, jurisdiction: z.object({ code: z.string(), name: z.string(), level: z.string() }) })
  .openapi('Me');

// ---------------------------------------------------------------- jurisdictions

export const JurisdictionSchema = z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable() }).openapi('Jurisdiction');
export const JurisdictionNodeSchema = JurisdictionSchema.extend({ childCount: z.number().int() }).openapi('JurisdictionNode');
export const JurisdictionHitSchema = JurisdictionSchema.extend({
  path: z.array(z.string()).openapi({ description: 'Names of its ancestors, top first.', example: ['山西省', '吕梁市'] }),
}).openapi('JurisdictionHit');
export const JurisdictionViewSchema = z
  .object({ jurisdiction: JurisdictionSchema, breadcrumbs: z.array(JurisdictionSchema), children: z.array(JurisdictionNodeSchema) })
  .openapi('JurisdictionView');

// ---------------------------------------------------------------- definitions

export const DefinitionSummarySchema = z
  .object({ id: z.string(), latestVersion: z.number().int(), versions: z.number().int(), kind: z.string(), title: Text, publishedAt: z.string() })
  .openapi('DefinitionSummary');

export const DefinitionVersionInfo = z
  .object({ version: z.number().int(), hash: z.string(), publishedBy: z.string(), publishedAt: z.string(), kind: z.string(), title: Text })
  .openapi('DefinitionVersionInfo');

export const DefinitionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    hash: z.string(),
    publishedAt: z.string(),
    owner: z.object({ code: z.string(), name: z.string() }).openapi({ description: 'The jurisdiction that owns this id: only its admins, or those above, publish next versions.' }),
    content: z.record(z.string(), z.unknown()).openapi({ description: 'The definition as published, defaults filled in (see definitions/schema.json).' }),
    versions: z.array(DefinitionVersionInfo),
  })
  .openapi('Definition');

export const DefinitionBody = z
  .record(z.string(), z.unknown())
  .openapi('DefinitionInput', { description: 'A campaign definition (JSON Schema: definitions/schema.json). Validated in full; every issue is reported with its path.' });

export const PublishResultSchema = z
  .object({ id: z.string(), version: z.number().int(), created: z.boolean().openapi({ description: 'False when this content was already published: its version is returned.' }) })
  .openapi('PublishResult');

export const ValidationSchema = z
  .object({
    valid: z.boolean(),
    issues: z.array(IssueSchema),
    lines: z.array(z.string()).openapi({ description: 'The issues as the CLI prints them: `path: message`.' }),
  })
  .openapi('Validation');

// ---------------------------------------------------------------- campaigns and roll-up

const DateWindow = z.object({ start: z.string(), end: z.string() });
export const CampaignSchema = z
  .object({
    id: z.number().int(),
    definitionId: z.string(),
    definitionVersion: z.number().int(),
    kind: z.string(),
    title: Text,
    rootCode: z.string(),
    rootName: z.string(),
    launchDate: z.string(),
    status: z.enum(['running', 'closed', 'cancelled']).openapi({ description: '`closed` once every instance has reached its final state; `cancelled` when cancelled.' }),
    closedAt: z.string().nullable().openapi({ description: 'When it closed or was cancelled.' }),
    dates: z.object({ launchDate: z.string(), start: z.string(), end: z.string(), phases: z.record(z.string(), DateWindow), supervision: z.record(z.string(), DateWindow) }),
    originInstanceId: z.number().int().nullable().openapi({ description: 'For a rectification notice: the instance whose inspection opened it.' }),
    focusCode: z.string().openapi({ description: 'Where you see this campaign from: its root, or your own jurisdiction when the campaign is rooted above it.' }),
  })
  .openapi('Campaign');

export const LaunchBody = z
  .object({
    definitionId: z.string().min(1).max(200).openapi({ example: 'drug-safety-special-rectification' }),
    definitionVersion: z.number().int().min(1).max(INT4_MAX).optional().openapi({ description: 'Default: the latest version.' }),
    rootCode: Code.openapi({ example: '1411' }),
    launchDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
      .refine(isCalendarDate, 'is not a date of the calendar between 1900 and 2199')
      .openapi({ example: '2025-03-01' }),
  })
  .strict()
  .openapi('LaunchRequest');

export const LaunchResultSchema = z
  .object({ campaignId: z.number().int(), instances: z.number().int(), byLevel: z.record(z.string(), z.number().int()), timers: z.number().int(), campaign: CampaignSchema })
  .openapi('LaunchResult');

export const CancelBody = z.object({ reason: z.string().trim().min(1).max(4000) }).strict().openapi('CancelRequest');
export const CancelResultSchema = z
  .object({
    campaignId: z.number().int(),
    cancelled: z.number().int().openapi({ description: 'Instances cancelled.' }),
    closed: z.number().int().openapi({ description: 'Instances already at their end (accepted, closed), left as they were.' }),
    status: z.enum(['cancelled']),
  })
  .openapi('CancelResult');

export const RecordItemSchema = z
  .object({
    key: z.string(),
    kind: z.enum(['report', 'task', 'checklist', 'target', 'review', 'case']),
    title: Text,
    ref: z.string(),
    period: z.string().optional(),
    dueAt: z.string().nullable().openapi({ description: 'The deadline: the instant the due date passed.' }),
    doneAt: z.string().nullable(),
    daysLate: z.number().int().nullable(),
    status: z.enum(['overdue', 'late', 'on-time', 'open']),
    escalation: z
      .object({ cause: z.string(), ladder: z.string(), ladderTitle: Text, step: z.number().int(), stepTitle: Text.nullable(), since: z.string() })
      .nullable(),
    maxStepTitle: Text.nullable(),
  })
  .openapi('RecordItem');

export const AggregateSchema = z
  .object({
    instances: z.number().int(),
    byPhase: z.record(z.string(), z.number().int()),
    byHealth: z.record(z.string(), z.number().int()),
    byStanding: z.record(z.string(), z.number().int()).openapi({ description: 'Instances not started, working, waiting for the next window (their work done), awaiting review, closed, cancelled.' }),
    overdue: z.number().int().openapi({ description: 'Instances with something overdue now.' }),
    overdueItems: z.number().int().openapi({ description: 'Due things not done and past due now.' }),
    late: z.number().int().openapi({ description: 'Due things done late.' }),
    onTime: z.number().int().openapi({ description: 'Due things done on time.' }),
    daysLate: z.number().int().openapi({ description: 'Days late, summed over the things done late.' }),
    onTimeRate: z.number().nullable().openapi({ description: 'Percent of due things done on time, of all that fell due; null when nothing has.' }),
    referrals: z.number().int().openapi({ description: 'Matters reported up from notices below (报上级处理).' }),
    casesOpen: z.number().int(),
    majorCases: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
  })
  .openapi('Aggregate');

export const NodeSchema = z
  .object({
    instanceId: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    phase: z.string(),
    phaseIndex: z.number().int(),
    health: z.string(),
    standing: z.string(),
    waitingUntil: z.string().nullable(),
    escalation: z.number().int(),
    overdueCount: z.number().int(),
    lateCount: z.number().int(),
    onTimeCount: z.number().int(),
    daysLate: z.number().int(),
    referrals: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('RollupNode');

export const ChildRollupSchema = NodeSchema.extend({ subtree: AggregateSchema }).openapi('ChildRollup');

export const IndicatorValueSchema = z.union([z.boolean(), z.number(), z.object({ numerator: z.number(), denominator: z.number() })]).openapi('IndicatorValue');

export const RollupSchema = z
  .object({
    campaignId: z.number().int(),
    focus: NodeSchema,
    subtree: AggregateSchema,
    byLevel: z.record(z.string(), AggregateSchema),
    indicators: z.array(
      z.object({
        id: z.string(),
        title: Text,
        kind: z.string(),
        target: z.string(),
        measured: z.number().int(),
        value: IndicatorValueSchema.nullable(),
        percent: z.number().nullable(),
        met: z.boolean(),
      }),
    ),
    children: z.array(ChildRollupSchema).openapi({ description: 'The focus’s children with their subtree aggregates, filtered by phase, health and overdue.' }),
    worst: z.array(ChildRollupSchema).openapi({ description: 'Up to five children, worst first (red, yellow, overdue items, progress).' }),
    overdue: z.array(NodeSchema).openapi({ description: 'The most escalated overdue instances in the subtree.' }),
    escalations: z
      .array(z.object({ instanceId: z.number().int(), code: z.string(), name: z.string(), level: z.string(), item: RecordItemSchema }))
      .openapi({ description: 'Open escalations below the focus for the level above to act on: which jurisdiction, what, which step, since when.' }),
  })
  .openapi('Rollup');

export const CampaignDetailSchema = z.object({ campaign: CampaignSchema, rollup: RollupSchema }).openapi('CampaignDetail');

export const InstanceRowSchema = z
  .object({
    instanceId: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    parentCode: z.string().nullable(),
    phase: z.string(),
    phaseIndex: z.number().int(),
    health: z.string(),
    standing: z.string(),
    waitingUntil: z.string().nullable(),
    escalation: z.number().int(),
    overdueCount: z.number().int(),
    lateCount: z.number().int(),
    onTimeCount: z.number().int(),
    daysLate: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
    reportsFiled: z.number().int(),
    indicators: z.record(z.string(), z.unknown()),
    closed: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('InstanceRow');

export const InstancePageSchema = z
  .object({ items: z.array(InstanceRowSchema), next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null at the end.' }) })
  .openapi('InstancePage');

export const OutboxPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        instanceId: z.number().int(),
        code: z.string(),
        kind: z.string().openapi({ example: 'notify-parent:escalated' }),
        payload: z.unknown(),
        createdAt: z.string(),
        processedAt: z.string().nullable(),
      }),
    ),
    next: z.number().int().nullable(),
  })
  .openapi('OutboxPage');

// ---------------------------------------------------------------- instances

export const SummarySchema = z
  .object({
    phase: z.string(),
    phaseIndex: z.number().int(),
    health: z.enum(['green', 'yellow', 'red', 'closed', 'cancelled']),
    standing: z.enum(['not-started', 'working', 'waiting', 'awaiting-review', 'closed', 'cancelled']),
    waitingUntil: z.string().nullable().openapi({ description: 'The date the phase waited for opens.' }),
    escalation: z.number().int(),
    overdueCount: z.number().int(),
    lateCount: z.number().int(),
    onTimeCount: z.number().int(),
    daysLate: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
    reportsFiled: z.number().int(),
    indicators: z.record(z.string(), IndicatorValueSchema),
    referrals: z.number().int(),
    casesOpen: z.number().int(),
    majorCases: z.number().int(),
    closed: z.boolean(),
  })
  .openapi('Summary');

export const InstanceSchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    parentId: z.number().int().nullable(),
    version: z.number().int().openapi({ description: 'Also in the ETag; send it back in If-Match.' }),
    status: z.enum(['active', 'done']),
    value: StateValueSchema,
    summary: SummarySchema,
    allowed: z.array(z.string()).openapi({ description: 'Event types the current state accepts (guards may still refuse one).' }),
    permitted: z.array(z.string()).openapi({ description: 'Of `allowed`, those you may send here.' }),
    deadlines: z.array(z.object({ key: z.string(), dueAt: z.string(), status: z.string(), event: z.record(z.string(), z.unknown()) })),
    leadingGroup: z.object({ members: z.array(z.object({ role: z.string(), name: z.string(), unit: z.string().optional() })), formedAt: z.string() }).nullable(),
    tasks: z.record(z.string(), z.object({ status: z.string(), at: z.string(), evidence: z.number() })),
    reports: z
      .record(z.string(), z.object({ filedAt: z.string(), daysLate: z.number().int(), figures: z.record(z.string(), z.number()).optional() }))
      .openapi({ description: 'Filed reports, keyed `report@period`; `filedAt` is when it was filed, `daysLate` 0 when on time.' }),
    indicators: z.record(z.string(), IndicatorValueSchema),
    record: z.array(RecordItemSchema).openapi({ description: 'Everything that fell due (when due, when done, how late) and every open escalation with its ladder step.' }),
    units: z
      .record(z.string(), z.object({ kind: z.string(), title: z.string(), addedAt: z.string(), dueAt: z.string() }))
      .openapi({ description: 'Rectification notice: units in scope, each with its own deadline.' }),
    findings: z.array(z.object({ text: z.string(), unit: z.string().optional(), item: z.string().optional() })).openapi({ description: 'Rectification notice: what the inspection that opened it found.' }),
    reviews: z.array(z.object({ phase: z.string(), result: z.enum(['pass', 'fail']), at: z.string(), findings: z.array(z.object({ text: z.string(), unit: z.string().optional(), item: z.string().optional() })) })),
    cases: z.record(z.string(), z.object({ title: z.string(), major: z.boolean(), openedAt: z.string(), majorAt: z.string().nullable(), closedAt: z.string().nullable() })),
    referrals: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'Matters reported up to this instance from notices below (报上级处理).' }),
    waitingFor: z.string().nullable().openapi({ description: 'The phase whose window the instance waits for (its work done).' }),
    checks: z.record(z.string(), z.boolean()).openapi({ description: 'Rectification notice: ticked checklist items, keyed `unit/item`.' }),
    risks: z.record(z.string(), z.object({ title: z.string(), assignee: z.string(), stage: z.number().int() })),
    inspections: z.number().int(),
    commendations: z.number().int(),
    rectifications: z
      .array(z.object({ id: z.number().int(), definitionId: z.string(), status: z.string(), launchDate: z.string() }))
      .openapi({ description: 'Rectification notices opened by inspections of this instance.' }),
    updatedAt: z.string(),
  })
  .openapi('Instance');

export const HistorySchema = z
  .object({
    items: z.array(
      z.object({
        seq: z.number().int(),
        type: z.string(),
        payload: z.record(z.string(), z.unknown()),
        actor: z.string(),
        at: z.string().openapi({ description: 'When it happened.' }),
        recordedAt: z.string().openapi({ description: 'When it was recorded.' }),
      }),
    ),
    next: z.number().int().nullable().openapi({ description: 'Pass as `after` for the next page; null at the end.' }),
  })
  .openapi('History');

export const SendResultSchema = z
  .object({
    instanceId: z.number().int(),
    version: z.number().int(),
    seq: z.number().int(),
    type: z.string(),
    value: StateValueSchema,
    summary: SummarySchema,
    effects: z.array(z.string()),
    duplicate: z.boolean().openapi({ description: 'True when this answers a retry of an Idempotency-Key already used.' }),
  })
  .openapi('EventResult');

/** The event types a caller may send (system events come from the engine's timers). */
export const CALLER_EVENT_TYPES = EVENT_TYPES.filter((t) => !SYSTEM_EVENTS.has(t)) as Exclude<
  EventType,
  'PHASE_OPEN' | 'REPORT_DUE' | 'TASK_DUE' | 'TARGET_DUE' | 'RECTIFICATION_DUE' | 'ESCALATE' | 'REFERRAL' | 'SUPERVISION_OPEN' | 'SUPERVISION_CLOSE'
>[];

const EVENT_EXAMPLES: Partial<Record<EventType, Record<string, unknown>>> = {
  ADVANCE: { type: 'ADVANCE', note: '自查阶段完成' },
  FORM_LEADING_GROUP: { type: 'FORM_LEADING_GROUP', members: [{ role: 'leader', name: '王局长' }] },
  FILE_REPORT: { type: 'FILE_REPORT', report: 'monthly-progress', period: '2024-03', summary: '本月检查药店 12 家' },
  START_TASK: { type: 'START_TASK', task: 'self-inspection' },
  COMPLETE_TASK: { type: 'COMPLETE_TASK', task: 'self-inspection', evidence: [{ name: '自查报告.pdf', url: 'https://example.org/r.pdf' }] },
  RECORD_INDICATOR: { type: 'RECORD_INDICATOR', indicator: 'responsibility-letters', value: { numerator: 19, denominator: 20 } },
  INSPECT: { type: 'INSPECT', findings: [{ text: '食堂未建立进货台账' }] },
  REVIEW: { type: 'REVIEW', result: 'pass' },
  ADD_UNIT: { type: 'ADD_UNIT', kind: 'catering', unit: 'noodle-shop', title: '中益面馆' },
  CHECK_ITEM: { type: 'CHECK_ITEM', unit: 'central-school', item: 'licence', done: true },
  RECORD_RISK: { type: 'RECORD_RISK', risk: 'expired-stock', title: '过期药品', assignee: '李明' },
  ADVANCE_RISK: { type: 'ADVANCE_RISK', risk: 'expired-stock' },
  COMMEND: { type: 'COMMEND', note: '表现突出' },
  CANCEL: { type: 'CANCEL', reason: '合并到新的专项行动' },
  RECORD_CASE: { type: 'RECORD_CASE', case: 'fake-drugs-2024-07', title: '某药店销售假药案', major: false },
  MARK_CASE_MAJOR: { type: 'MARK_CASE_MAJOR', case: 'fake-drugs-2024-07' },
  CLOSE_CASE: { type: 'CLOSE_CASE', case: 'fake-drugs-2024-07', note: '已移送公安机关' },
};

/** When the event happened, if not now: a paper filing or a campaign entered half-way is recorded as it was. */
const OccurredAt = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/, 'must be a time with its offset, e.g. "2024-03-05T09:30:00+08:00"')
  .optional()
  .openapi({ description: 'When it happened (default: now). Not in the future, not before the campaign’s launch; lateness is judged by it, and the history keeps when it was recorded too.', example: '2024-03-05T09:30:00+08:00' });

function eventSchema<T extends (typeof CALLER_EVENT_TYPES)[number]>(type: T) {
  return EVENT_PAYLOADS[type].extend({ type: z.literal(type), occurredAt: OccurredAt }).openapi(`${type}Event`, { example: EVENT_EXAMPLES[type] });
}

/** The body of POST /instances/{id}/events: `{ type, ...payload }`, one schema per event type. */
export const EventBody = z
  .discriminatedUnion('type', [
    eventSchema('ADVANCE'),
    eventSchema('FORM_LEADING_GROUP'),
    eventSchema('FILE_REPORT'),
    eventSchema('START_TASK'),
    eventSchema('COMPLETE_TASK'),
    eventSchema('RECORD_INDICATOR'),
    eventSchema('INSPECT'),
    eventSchema('REVIEW'),
    eventSchema('ADD_UNIT'),
    eventSchema('CHECK_ITEM'),
    eventSchema('RECORD_RISK'),
    eventSchema('ADVANCE_RISK'),
    eventSchema('COMMEND'),
    eventSchema('CANCEL'),
    eventSchema('RECORD_CASE'),
    eventSchema('MARK_CASE_MAJOR'),
    eventSchema('CLOSE_CASE'),
  ])
  .openapi('EventRequest', { description: 'An event: its `type` and that type’s payload fields. Unknown fields are refused.' });
