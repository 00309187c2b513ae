// The database schema, as code: drizzle-kit generates the committed migrations in
// drizzle/ from this file. The same schema serves PGlite and a real Postgres.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};

/** The administrative tree (GB/T 2260 codes): a code's ancestors are its prefixes. */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => jurisdictions.code),
  },
  (t) => [
    index('jurisdictions_parent_idx').on(t.parentCode),
    index('jurisdictions_code_prefix_idx').on(t.code.op('text_pattern_ops')),
    index('jurisdictions_name_idx').on(t.name),
  ],
);

/** Published definition versions: immutable; the content hash makes publishing idempotent. */
export const definitions = pgTable(
  'definitions',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    content: jsonb('content').notNull(),
    hash: text('hash').notNull(),
    publishedBy: text('published_by').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.id, t.version] }), uniqueIndex('definitions_hash_idx').on(t.id, t.hash)],
);

/**
 * Who owns a definition id: the jurisdiction whose admin first published it. Only
 * admins there or above publish its next versions; others publish a copy under a new id.
 */
export const definitionOwners = pgTable('definition_owners', {
  id: text('id').primaryKey(),
  /** A jurisdiction code; 100000 (the nation) for definitions shipped or published before owners existed. */
  ownerCode: text('owner_code').notNull(),
  createdBy: text('created_by').notNull(),
  ...timestamps,
});

export const campaigns = pgTable(
  'campaigns',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    definitionId: text('definition_id').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    rootCode: text('root_code').notNull().references(() => jurisdictions.code),
    launchDate: date('launch_date', { mode: 'string' }).notNull(),
    /** Every date point of the definition, fixed at launch. */
    dates: jsonb('dates').notNull(),
    status: text('status').notNull().default('running'),
    /** Set when the campaign is a rectification notice opened by an inspection of that instance. */
    originInstanceId: bigint('origin_instance_id', { mode: 'number' }).references((): AnyPgColumn => instances.id),
    launchedBy: text('launched_by').notNull(),
    ...timestamps,
  },
  (t) => [
    index('campaigns_root_idx').on(t.rootCode),
    index('campaigns_origin_idx').on(t.originInstanceId),
    foreignKey({ columns: [t.definitionId, t.definitionVersion], foreignColumns: [definitions.id, definitions.version] }),
  ],
);

/**
 * One instance per jurisdiction of a campaign. The snapshot is a cache of the event
 * log; the summary columns are derived from it and feed the roll-up.
 */
export const instances = pgTable(
  'instances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull().references(() => campaigns.id),
    jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
    level: text('level').notNull(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => instances.id),
    snapshot: jsonb('snapshot').notNull(),
    xstateVersion: text('xstate_version').notNull(),
    version: integer('version').notNull().default(0),
    // summary, for the roll-up
    phase: text('phase').notNull(),
    phaseIndex: integer('phase_index').notNull(),
    health: text('health').notNull(),
    escalation: integer('escalation').notNull().default(-1),
    overdueCount: integer('overdue_count').notNull().default(0),
    tasksDone: integer('tasks_done').notNull().default(0),
    tasksTotal: integer('tasks_total').notNull().default(0),
    reportsFiled: integer('reports_filed').notNull().default(0),
    indicators: jsonb('indicators').notNull().default(sql`'{}'::jsonb`),
    closed: boolean('closed').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('instances_campaign_code_idx').on(t.campaignId, t.jurisdictionCode.op('text_pattern_ops')),
    index('instances_parent_idx').on(t.parentId),
    index('instances_campaign_level_idx').on(t.campaignId, t.level),
    // The roll-up's "which are overdue": the most escalated first, without a scan.
    index('instances_overdue_idx').on(t.campaignId, t.escalation.desc(), t.overdueCount.desc()).where(sql`overdue_count > 0`),
  ],
);

/** The append-only event log: the truth from which every snapshot can be rebuilt. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instanceId: bigint('instance_id', { mode: 'number' }).notNull().references(() => instances.id),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull().references(() => campaigns.id),
    /** The instance's version after this event: 1, 2, 3 … */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** The whole event as the machine received it (type, at, payload, children view). */
    payload: jsonb('payload').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    idempotencyKey: text('idempotency_key'),
    /** sha256 of the request the key was first used for (event, actor): the same key with another request is refused. */
    requestHash: text('request_hash'),
    /** What the sender was told: returned again for a retry with the same key. */
    result: jsonb('result').notNull(),
  },
  (t) => [
    uniqueIndex('events_instance_seq_idx').on(t.instanceId, t.seq),
    uniqueIndex('events_idempotency_idx').on(t.instanceId, t.idempotencyKey),
    // A caller's key is its own across instances: found by the key alone (the engine's timer keys are not looked up so).
    index('events_caller_key_idx').on(t.idempotencyKey).where(sql`idempotency_key like 'user:%'`),
    index('events_campaign_idx').on(t.campaignId, t.id),
  ],
);

/**
 * Durable deadlines. A campaign-wide timer (instance_id null) is delivered to every
 * instance of its levels; `cursor` records how far delivery got, so a crash resumes.
 */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    instanceId: bigint('instance_id', { mode: 'number' }),
    levels: text('levels').array(),
    key: text('key').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'string' }).notNull(),
    event: jsonb('event').notNull(),
    status: text('status').notNull().default('pending'),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'string' }),
    firedAt: timestamp('fired_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('timers_due_idx').on(t.dueAt, t.id).where(sql`status = 'pending'`),
    uniqueIndex('timers_instance_key_idx').on(t.instanceId, t.key).where(sql`instance_id is not null`),
    uniqueIndex('timers_campaign_key_idx').on(t.campaignId, t.key).where(sql`instance_id is null`),
  ],
);

/** Effects for the outside world (notifications, orders to issue), written with the event that caused them. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    instanceId: bigint('instance_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    ...timestamps,
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.id).where(sql`processed_at is null`),
    // The API lists a campaign's notifications, newest last.
    index('outbox_campaign_idx').on(t.campaignId, t.id),
  ],
);

/** Users of the API: a role at a jurisdiction. A disabled user's tokens and sessions stop working at once. */
export const users = pgTable('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  jurisdictionCode: text('jurisdiction_code').notNull().references(() => jurisdictions.code),
  createdBy: text('created_by'),
  disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'string' }),
  disabledBy: text('disabled_by'),
  ...timestamps,
});

/** Bearer tokens of users, stored as sha256 hashes: revocable, optionally expiring, their last use recorded. */
export const tokens = pgTable(
  'tokens',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
    hash: text('hash').notNull().unique(),
    label: text('label').notNull().default(''),
    createdBy: text('created_by'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    revokedBy: text('revoked_by'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (t) => [index('tokens_user_idx').on(t.userId)],
);

/**
 * Browser sessions of the web UI: a token exchanged for an HttpOnly cookie. Only the
 * cookie's hash is stored; `csrf` must come back in a header with every state change.
 * A session ends with its token (revoked, expired) or its user (disabled).
 */
export const sessions = pgTable(
  'sessions',
  {
    hash: text('hash').primaryKey(),
    tokenId: bigint('token_id', { mode: 'number' }).notNull().references(() => tokens.id),
    csrf: text('csrf').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    ...timestamps,
  },
  (t) => [index('sessions_token_idx').on(t.tokenId)],
);

/**
 * Idempotency keys of the API's state-changing requests that the event log does not
 * already cover (launch, cancel): the first response is kept and replayed to a retry.
 * `scope` names the user and the operation; `request_hash` the body, so a key reused
 * with another body is refused. A `pending` row marks a request in flight.
 */
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** The request the key was first used for (`POST /api/campaigns`), named when the key comes back with another. */
    firstUse: text('first_use'),
    status: text('status').notNull().default('pending'),
    httpStatus: integer('http_status'),
    response: jsonb('response'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/**
 * Issuing bodies (发文机关) of documents, one per jurisdiction: the name printed in
 * the 版头 and the signature, and the prefix of its document numbers (吕市监 in
 * 吕市监〔2024〕12号), which its admin may change.
 */
export const documentIssuers = pgTable('document_issuers', {
  code: text('code').primaryKey().references(() => jurisdictions.code),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
});

/** The last document number given by an issuing body in a year: numbers follow without gaps. */
export const documentCounters = pgTable(
  'document_counters',
  {
    issuerCode: text('issuer_code').notNull().references(() => documentIssuers.code),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.issuerCode, t.year] })],
);

/**
 * Documents issued with a number: which document (`document_key`, e.g.
 * `late-bulletin:campaign:3:1411:2024-04-08`), its number, who issued it and when. A
 * document is numbered once: asking again returns the same number.
 */
export const issuedDocuments = pgTable(
  'issued_documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    issuerCode: text('issuer_code').notNull().references(() => documentIssuers.code),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    documentKey: text('document_key').notNull(),
    title: text('title').notNull(),
    campaignId: bigint('campaign_id', { mode: 'number' }).references(() => campaigns.id),
    instanceId: bigint('instance_id', { mode: 'number' }).references(() => instances.id),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('issued_documents_seq_idx').on(t.issuerCode, t.year, t.seq), uniqueIndex('issued_documents_key_idx').on(t.documentKey)],
);
