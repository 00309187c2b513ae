// The API's OpenAPI schemas: one zod schema per resource shape, registered by name,
// plus the request bodies (the event union is built from the engine's EVENT_PAYLOADS).
import { z } from '@hono/zod-openapi';
import { toJSONSchema } from 'zod';
import { ChildrenView, EVENT_PAYLOADS, EVENT_TYPES, SYSTEM_EVENTS, type EventType } from '../definitions/language/events.js';
import { CampaignDefinition, LEVELS, ROLES } from '../definitions/language/schema.js';
import { HEALTHS, STANDINGS } from '../definitions/vocabulary.js';
import { PROBLEMS } from './problem.js';

/** An instant, as the API writes it: ISO 8601 in UTC. */
export const DateTime = z.string().openapi({ format: 'date-time', example: '2024-03-01T01:30:00.000Z' });
/** A calendar date (Asia/Shanghai): YYYY-MM-DD. */
export const DateOnly = z.string().openapi({ format: 'date', example: '2024-03-01' });

// ---------------------------------------------------------------- common

export const IssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).openapi({ example: ['phases', 2, 'window', 'end'] }),
    message: z.string().openapi({ example: 'must be a date written YYYY-MM-DD' }),
  })
  .openapi('Issue');

export const Text = z.object({ zh: z.string(), en: z.string() }).openapi('Text');

/** Why the engine refused an event: one condition, what it names, its words in both languages. */
export const ReasonSchema = z
  .object({
    code: z.string().openapi({ description: 'Stable, for programs.', example: 'tasks-open' }),
    message: Text,
    event: z.string().optional(),
    allowed: z.array(z.string()).optional(),
    phase: z.string().optional(),
    opens: DateOnly.optional().openapi({ description: 'The date the window waited for opens.' }),
    report: z.string().optional(),
    period: z.string().optional(),
    periods: z.object({ first: z.string().nullable(), last: z.string().nullable() }).optional().openapi({ description: 'The first and last period a report may be filed for.' }),
    task: z.string().optional(),
    tasks: z.array(z.string()).optional(),
    indicator: z.string().optional(),
    value: z.string().optional(),
    target: z.string().optional(),
    behind: z.number().int().optional().openapi({ description: 'Children not yet past the phase.' }),
    total: z.number().int().optional(),
    items: z.array(z.object({ unit: z.string(), item: z.string() })).optional(),
    unit: z.string().optional(),
    item: z.string().optional(),
    risk: z.string().optional(),
    risks: z.array(z.string()).optional(),
    case: z.string().optional(),
    field: z.string().optional(),
    id: z.string().optional(),
    key: z.string().optional(),
    problems: z.array(Text).optional(),
    roles: z.array(z.enum(ROLES)).optional().openapi({ description: 'With `role-not-permitted`: the roles that may send it.' }),
  })
  .openapi('Reason');

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
      .array(ReasonSchema)
      .optional()
      .openapi({
        description:
          'With `event_not_accepted`: why, each reason with a stable code, the objects it names (the report, the tasks, the indicator with its value and target, the checklist items, the date a window opens) and its words in Chinese and English.',
      }),
    message: z.object({ zh: z.string(), en: z.string() }).optional().openapi({ description: 'The detail in Chinese and English, where the engine words it in both.' }),
    firstUse: z
      .object({
        at: DateTime,
        request: z.string().nullable().optional().openapi({ example: 'POST /api/campaigns' }),
        instanceId: z.number().int().optional(),
        seq: z.number().int().optional(),
        type: z.string().optional(),
      })
      .optional()
      .openapi({ description: 'With `idempotency_key_reused`: when and for what the key was first used.' }),
    owner: z.string().optional().openapi({ description: 'With a `forbidden` publish: the code of the jurisdiction that owns the definition id.' }),
  })
  .openapi('Problem', {
    description: 'RFC 9457 problem details, with a stable `code`. An engine error carries its structured details as extension members beside `code`.',
  });

/** A problem response for a route's OpenAPI entry. */
export const problem = (description: string) => ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description });

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
  429: problem('Over the per-user or per-address request limit (`rate_limited`); see Retry-After.'),
  500: problem('The server failed (`internal`); the error is logged, nothing was half written.'),
} as const;

export const readErrors = { 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422], 429: errors[429], 500: errors[500] } as const;

export const LevelSchema = z.enum(LEVELS).openapi('Level');
export const HealthSchema = z.enum(HEALTHS).openapi('Health', { description: 'green on track, yellow something overdue, red escalated past a reminder, closed, cancelled.' });
export const DefinitionKindSchema = z.enum(CampaignDefinition.shape.kind.options).openapi('DefinitionKind');
export const CampaignStatusSchema = z.enum(['running', 'cancelled', 'closed']).openapi('CampaignStatus');
export const StandingSchema = z
  .enum(STANDINGS)
  .openapi('Standing', { description: 'not-started (its first window not open), working, waiting (its work done, the next window not open), awaiting-review, closed, cancelled.' });
export const FindingSchema = z.object({ text: z.string(), unit: z.string().optional(), item: z.string().optional() }).openapi('Finding');
export const ReferralSchema = z
  .object({
    at: DateTime,
    from: z.object({ campaignId: z.number().int(), instanceId: z.number().int(), code: z.string(), name: z.string().optional() }),
    unit: z.string(),
    unitTitle: z.string(),
    item: z.string(),
    itemText: z.string().optional(),
    actions: z.array(z.string()),
  })
  .openapi('Referral', { description: 'A matter a notice below reported up (报上级处理): which unit, which item, what was done.' });
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
export const StateValueSchema = z.unknown().openapi('StateValue', {
  description: 'The XState state value: a state name, or an object of regions (parallel states) each with its own state value.',
  oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { $ref: '#/components/schemas/StateValue' } }],
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
  .object({
    id: z.number().int(),
    name: z.string(),
    role: RoleSchema,
    jurisdiction: z.object({ code: z.string(), name: z.string(), level: LevelSchema.or(z.literal('')).openapi({ description: 'Empty when the jurisdiction is not imported.' }) }),
  })
  .openapi('Me');

// ---------------------------------------------------------------- jurisdictions

export const JurisdictionSchema = z.object({ code: z.string(), name: z.string(), level: LevelSchema, parentCode: z.string().nullable() }).openapi('Jurisdiction');
export const JurisdictionNodeSchema = JurisdictionSchema.extend({ childCount: z.number().int() }).openapi('JurisdictionNode');
export const JurisdictionHitSchema = JurisdictionSchema.extend({
  path: z.array(z.string()).openapi({ description: 'Names of its ancestors, top first.', example: ['山西省', '吕梁市'] }),
}).openapi('JurisdictionHit');
export const JurisdictionViewSchema = z
  .object({ jurisdiction: JurisdictionSchema, breadcrumbs: z.array(JurisdictionSchema), children: z.array(JurisdictionNodeSchema) })
  .openapi('JurisdictionView');

// ---------------------------------------------------------------- definitions

export const DefinitionSummarySchema = z
  .object({ id: z.string(), latestVersion: z.number().int(), versions: z.number().int(), kind: DefinitionKindSchema, title: Text, publishedAt: DateTime })
  .openapi('DefinitionSummary');

export const DefinitionVersionInfo = z
  .object({ version: z.number().int(), hash: z.string(), publishedBy: z.string(), publishedAt: DateTime, kind: DefinitionKindSchema, title: Text })
  .openapi('DefinitionVersionInfo');

/**
 * A schema's JSON Schema as zod generates it: as a caller writes it (`input`: a field
 * with a default may be left out) or as the API answers it (`output`: defaults filled in,
 * so required). The OpenAPI generator does not tell the two apart; these overrides do.
 */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // (The $schema keyword belongs to a standalone JSON Schema document, not to an OpenAPI component.)
  const { $schema: _, ...json } = toJSONSchema(schema, { io }) as Record<string, unknown>;
  return json;
}

/** The definition language's JSON Schema, generated from its zod schema: as written (`input`, defaults optional) or as published (`output`). */
function definitionJsonSchema(io: 'input' | 'output'): Record<string, unknown> {
  return jsonSchemaOf(CampaignDefinition, io);
}

/** A definition as published: every default filled in. */
export const DefinitionContentSchema = z
  .record(z.string(), z.unknown())
  .openapi('CampaignDefinition', { ...definitionJsonSchema('output'), description: 'A campaign definition as published, every default filled in (definitions/language/schema.ts).' });

export const DefinitionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    hash: z.string(),
    publishedAt: DateTime,
    owner: z.object({ code: z.string(), name: z.string() }).openapi({ description: 'The jurisdiction that owns this id: only its admins, or those above, publish next versions.' }),
    content: DefinitionContentSchema,
    versions: z.array(DefinitionVersionInfo),
  })
  .openapi('Definition');

// NOTE: the request is checked by validateDefinition (every issue, with its path and the
// language's own words), not by the route's validator, so the validator takes any object;
// the document shows the language's schema.
export const DefinitionBody = z.record(z.string(), z.unknown()).openapi('DefinitionInput', {
  ...definitionJsonSchema('input'),
  description: 'A campaign definition as written (JSON Schema: definitions/schema.json). Validated in full; every issue is reported with its path.',
});

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

const DateWindow = z.object({ start: DateOnly, end: DateOnly });
export const CampaignSchema = z
  .object({
    id: z.number().int(),
    definitionId: z.string(),
    definitionVersion: z.number().int(),
    kind: DefinitionKindSchema,
    title: Text,
    rootCode: z.string(),
    rootName: z.string(),
    launchDate: DateOnly,
    status: CampaignStatusSchema,
    closedAt: DateTime.nullable().openapi({ description: 'When it closed (every instance at its final state) or was cancelled.' }),
    dates: z.object({ launchDate: DateOnly, start: DateOnly, end: DateOnly, phases: z.record(z.string(), DateWindow), supervision: z.record(z.string(), DateWindow) }),
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
      .openapi({ format: 'date', example: '2025-03-01' }),
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
    level: LevelSchema,
    phase: z.string(),
    phaseIndex: z.number().int(),
    health: HealthSchema,
    standing: StandingSchema,
    waitingUntil: DateOnly.nullable().openapi({ description: 'The date the phase waited for opens (not started, or waiting).' }),
    escalation: z.number().int(),
    overdueCount: z.number().int(),
    lateCount: z.number().int(),
    onTimeCount: z.number().int(),
    daysLate: z.number().int(),
    referrals: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
    version: z.number().int(),
    updatedAt: DateTime,
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
        kind: z.enum(['ratio', 'count', 'yes-no']),
        target: z.string().openapi({ example: '>= 95%' }),
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
    level: LevelSchema,
    parentCode: z.string().nullable(),
    phase: z.string(),
    phaseIndex: z.number().int(),
    health: HealthSchema,
    standing: StandingSchema,
    waitingUntil: DateOnly.nullable().openapi({ description: 'The date the phase waited for opens (not started, or waiting).' }),
    escalation: z.number().int(),
    overdueCount: z.number().int(),
    lateCount: z.number().int(),
    onTimeCount: z.number().int(),
    daysLate: z.number().int(),
    tasksDone: z.number().int(),
    tasksTotal: z.number().int(),
    reportsFiled: z.number().int(),
    indicators: z.record(z.string(), IndicatorValueSchema),
    closed: z.boolean(),
    version: z.number().int(),
    updatedAt: DateTime,
  })
  .openapi('InstanceRow');

export const InstancePageSchema = z
  .object({ items: z.array(InstanceRowSchema), next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null at the end.' }) })
  .openapi('InstancePage');

/** What an outbox row carries, by its kind. */
export const OutboxPayloadSchema = z
  .union([
    z
      .object({ parentId: z.number().int().nullable(), detail: z.string().optional(), at: DateTime })
      .openapi('NotifyParentPayload', { description: '`notify-parent:<reason>`: tell the instance above (or the inspected instance, for a notice’s root) why.' }),
    z.object({ unit: z.string(), item: z.string(), at: DateTime }).openapi('SuspendBusinessPayload', { description: '`suspend-business`: a unit must stop until the item is put right.' }),
    z
      .object({ campaignId: z.number().int(), definition: z.string() })
      .openapi('RectificationOpenedPayload', { description: '`rectification-opened`: an inspection opened a rectification notice (a campaign of its own).' }),
  ])
  .openapi('OutboxPayload');

export const OutboxPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        instanceId: z.number().int(),
        code: z.string(),
        kind: z.string().openapi({ example: 'notify-parent:escalated', description: '`notify-parent:<reason>`, `suspend-business` or `rectification-opened`.' }),
        payload: OutboxPayloadSchema,
        createdAt: DateTime,
        processedAt: DateTime.nullable(),
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
    health: HealthSchema,
    standing: StandingSchema,
    waitingUntil: DateOnly.nullable().openapi({ description: 'The date the phase waited for opens (not started, or waiting).' }),
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

/** An object the API answers with, documented as zod outputs it: a field with a default is always there. */
const answered = <T extends z.ZodObject>(schema: T): T => schema.openapi({ ...jsonSchemaOf(schema, 'output') });

/** A deadline's event: a system event the engine's timers send when it falls due. */
export const DeadlineEventSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.filter((t) => SYSTEM_EVENTS.has(t)).map((t) => answered(EVENT_PAYLOADS[t].extend({ type: z.literal(t) }))) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .openapi('DeadlineEvent', { description: 'The system event a deadline sends when it falls due.' });

export const InstanceSchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: LevelSchema,
    parentId: z.number().int().nullable(),
    version: z.number().int().openapi({ description: 'Also in the ETag; send it back in If-Match.' }),
    status: z.enum(['active', 'done']),
    value: StateValueSchema,
    summary: SummarySchema,
    allowed: z.array(z.string()).openapi({ description: 'Event types the current state accepts (guards may still refuse one).' }),
    permitted: z.array(z.string()).openapi({ description: 'Of `allowed`, those you may send here.' }),
    deadlines: z.array(z.object({ key: z.string(), dueAt: DateTime, status: z.enum(['pending', 'firing']), event: DeadlineEventSchema })),
    leadingGroup: z.object({ members: z.array(z.object({ role: z.string(), name: z.string(), unit: z.string().optional() })), formedAt: DateTime }).nullable(),
    tasks: z.record(z.string(), z.object({ status: z.enum(['started', 'done']), at: DateTime, evidence: z.number() })),
    reports: z
      .record(z.string(), z.object({ filedAt: DateTime, daysLate: z.number().int(), figures: z.record(z.string(), z.number()).optional() }))
      .openapi({ description: 'Filed reports, keyed `report@period`; `filedAt` is when it was filed, `daysLate` 0 when on time.' }),
    indicators: z.record(z.string(), IndicatorValueSchema),
    record: z.array(RecordItemSchema).openapi({ description: 'Everything that fell due (when due, when done, how late) and every open escalation with its ladder step.' }),
    units: z
      .record(z.string(), z.object({ kind: z.string(), title: z.string(), addedAt: DateTime, dueAt: DateTime }))
      .openapi({ description: 'Rectification notice: units in scope, each with its own deadline.' }),
    findings: z.array(FindingSchema).openapi({ description: 'Rectification notice: what the inspection that opened it found.' }),
    reviews: z.array(z.object({ phase: z.string(), result: z.enum(['pass', 'fail']), at: DateTime, findings: z.array(FindingSchema) })),
    cases: z.record(z.string(), z.object({ title: z.string(), major: z.boolean(), openedAt: DateTime, majorAt: DateTime.nullable(), closedAt: DateTime.nullable() })),
    referrals: z.array(ReferralSchema).openapi({ description: 'Matters reported up to this instance from notices below (报上级处理).' }),
    waitingFor: z.string().nullable().openapi({ description: 'The phase whose window the instance waits for (its work done).' }),
    checks: z.record(z.string(), z.boolean()).openapi({ description: 'Rectification notice: ticked checklist items, keyed `unit/item`.' }),
    risks: z.record(z.string(), z.object({ title: z.string(), assignee: z.string(), stage: z.number().int() })),
    inspections: z.number().int(),
    commendations: z.number().int(),
    rectifications: z
      .array(z.object({ id: z.number().int(), definitionId: z.string(), status: CampaignStatusSchema, launchDate: DateOnly }))
      .openapi({ description: 'Rectification notices opened by inspections of this instance.' }),
    updatedAt: DateTime,
  })
  .openapi('Instance');

export const EventTypeSchema = z.enum(EVENT_TYPES).openapi('EventType');

/** An event as recorded: its type, its payload with defaults filled in, and when it happened. */
export const RecordedEventSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.map((t) => answered(EVENT_PAYLOADS[t].extend({ type: z.literal(t), at: z.iso.datetime({ offset: true }), children: ChildrenView.optional() }))) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .openapi('RecordedEvent', { description: 'The event as the engine applied it: `type`, the payload with its defaults, `at`, and for an ADVANCE the children’s view.' });

export const HistorySchema = z
  .object({
    items: z.array(
      z.object({
        seq: z.number().int(),
        type: EventTypeSchema,
        payload: RecordedEventSchema,
        actor: z.string(),
        at: DateTime.openapi({ description: 'When it happened.' }),
        recordedAt: DateTime.openapi({ description: 'When it was recorded.' }),
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
    type: EventTypeSchema,
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
  .openapi({
    format: 'date-time',
    description: 'When it happened (default: now). Not in the future, not before the campaign’s launch; lateness is judged by it, and the history keeps when it was recorded too.',
    example: '2024-03-05T09:30:00+08:00',
  });

function eventSchema<T extends (typeof CALLER_EVENT_TYPES)[number]>(type: T) {
  const schema = EVENT_PAYLOADS[type].extend({ type: z.literal(type), occurredAt: OccurredAt });
  return schema.openapi(`${type}Event`, { ...jsonSchemaOf(schema, 'input'), example: EVENT_EXAMPLES[type] });
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
