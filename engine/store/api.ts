// The HTTP API's queries: users and tokens, idempotency records, and the listings the
// API scopes to a caller's subtree (state counts, notifications, the change feed,
// instance tables for export). Like store.ts, the same SQL on PGlite and Postgres.
import { sql, type SQL } from 'drizzle-orm';
import type { StateValue } from 'xstate';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import type { Summary } from '../core/step.js';
import { subtreePattern } from '../core/tree.js';
import { isoTime, json, query, type Db } from './db.js';
import { toNode, type NodeRow } from './rollup.js';
import type { CampaignStatus } from './store.js';

const num = (v: unknown): number => Number(v);

/** JSON for a jsonb parameter: bound as text and cast, identical on both drivers. */

// ---------------------------------------------------------------- users

export async function countUsers(db: Db): Promise<number> {
  const rows = await query<{ n: unknown }>(db, sql`select count(*) as n from users`);
  return num(rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------- idempotency

export type IdempotencyRow = { requestHash: string; firstUse: string | null; status: 'pending' | 'done'; httpStatus: number | null; response: unknown; createdAt: string; ageMs: number };

type IdempotencyDbRow = { request_hash: string; first_use: string | null; status: 'pending' | 'done'; http_status: unknown; response: unknown; created_at: string; age_ms: unknown };

/** Claim a key for a request: true when this call inserted it (the request may proceed). */
export async function claimIdempotencyKey(db: Db, scope: string, key: string, requestHash: string, firstUse: string): Promise<boolean> {
  const rows = await query<{ key: string }>(
    db,
    sql`insert into api_idempotency (scope, key, request_hash, first_use) values (${scope}, ${key}, ${requestHash}, ${firstUse})
        on conflict (scope, key) do nothing returning key`,
  );
  return rows.length === 1;
}

/** Forget finished keys older than `hours`; returns how many. */
export async function purgeIdempotencyKeys(db: Db, hours: number): Promise<number> {
  const rows = await query<{ key: string }>(db, sql`delete from api_idempotency where created_at < now() - make_interval(hours => ${hours}) returning key`);
  return rows.length;
}

export async function getIdempotencyKey(db: Db, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  const rows = await query<IdempotencyDbRow>(
    db,
    sql`select request_hash, first_use, status, http_status, response, ${isoTime('created_at')} as created_at,
               extract(epoch from (now() - created_at)) * 1000 as age_ms
        from api_idempotency where scope = ${scope} and key = ${key}`,
  );
  const r = rows[0];
  return r && { requestHash: r.request_hash, firstUse: r.first_use, status: r.status, httpStatus: r.http_status === null ? null : num(r.http_status), response: r.response, createdAt: r.created_at, ageMs: num(r.age_ms) };
}

export async function finishIdempotencyKey(db: Db, scope: string, key: string, httpStatus: number, response: unknown): Promise<void> {
  await db.execute(
    sql`update api_idempotency set status = 'done', http_status = ${httpStatus}, response = ${json(response)} where scope = ${scope} and key = ${key}`,
  );
}

/** Forget a claim whose request failed, so a corrected retry may use the key. */
export async function releaseIdempotencyKey(db: Db, scope: string, key: string): Promise<void> {
  await db.execute(sql`delete from api_idempotency where scope = ${scope} and key = ${key} and status = 'pending'`);
}

/** Take over a pending claim created at `createdAt` (its process died): true when this call won it. */
export async function takeOverIdempotencyKey(db: Db, scope: string, key: string, createdAt: string): Promise<boolean> {
  const rows = await query<{ key: string }>(
    db,
    sql`update api_idempotency set created_at = now()
        where scope = ${scope} and key = ${key} and status = 'pending' and created_at = ${createdAt}::timestamptz returning key`,
  );
  return rows.length === 1;
}

/** A campaign launched by `launchedBy` with these inputs at or after `since` (to finish an interrupted idempotent launch). */
export async function findLaunchSince(
  db: Db,
  c: { definitionId: string; rootCode: string; launchDate: string; launchedBy: string; since: string },
): Promise<number | undefined> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`select id from campaigns
        where definition_id = ${c.definitionId} and root_code = ${c.rootCode} and launch_date = ${c.launchDate}
          and launched_by = ${c.launchedBy} and created_at >= ${c.since}::timestamptz
        order by id limit 1`,
  );
  return rows[0] ? num(rows[0].id) : undefined;
}

// ---------------------------------------------------------------- definitions

export async function listDefinitionVersions(db: Db, id: string) {
  const rows = await query<{ version: unknown; hash: string; published_by: string; created_at: string; title_zh: string; title_en: string; kind: CampaignDefinition['kind'] }>(
    db,
    sql`select version, hash, published_by, ${isoTime('created_at')} as created_at, title_zh, title_en, kind from definitions where id = ${id} order by version`,
  );
  return rows.map((r) => ({ version: num(r.version), hash: r.hash, publishedBy: r.published_by, publishedAt: r.created_at, kind: r.kind, title: { zh: r.title_zh, en: r.title_en } }));
}

// ---------------------------------------------------------------- campaigns and instances

/** Instances per distinct state value of a campaign within a subtree: the heat map's counts. */
export async function stateValueCounts(db: Db, campaignId: number, within: string): Promise<{ value: StateValue; n: number }[]> {
  const rows = await query<{ value: StateValue; n: unknown }>(
    db,
    sql`select snapshot -> 'value' as value, count(*) as n from instances
        where campaign_id = ${campaignId} and jurisdiction_code like ${subtreePattern(within)}
        group by 1`,
  );
  return rows.map((r) => ({ value: r.value, n: num(r.n) }));
}

/** Rectification notices (or any campaign) opened from an instance. */
export async function campaignsOpenedFrom(db: Db, instanceId: number): Promise<{ id: number; definitionId: string; status: CampaignStatus; launchDate: string }[]> {
  const rows = await query<{ id: unknown; definition_id: string; status: CampaignStatus; launch_date: string }>(
    db,
    sql`select id, definition_id, status, launch_date::text as launch_date from campaigns where origin_instance_id = ${instanceId} order by id`,
  );
  return rows.map((r) => ({ id: num(r.id), definitionId: r.definition_id, status: r.status, launchDate: r.launch_date }));
}

/** A roll-up node with what a list of instances shows besides. */
export type InstanceListRow = Omit<NodeRow, 'level'> & {
  level: Level;
  parentCode: string | null;
  reportsFiled: number;
  indicators: Summary['indicators'];
  closed: boolean;
};

export type InstanceListFilter = {
  level?: string | undefined;
  phase?: string | undefined;
  health?: string | undefined;
  overdue?: boolean | undefined;
  /** Codes after this one (keyset paging by code). */
  afterCode?: string | undefined;
  limit: number;
};

/** A campaign's instances within a subtree, by code, with their summary columns. */
export async function listInstancesWithin(db: Db, campaignId: number, within: string, f: InstanceListFilter): Promise<InstanceListRow[]> {
  const conditions: SQL[] = [sql`i.campaign_id = ${campaignId}`, sql`i.jurisdiction_code like ${subtreePattern(within)}`];
  if (f.level) conditions.push(sql`i.level = ${f.level}`);
  if (f.phase) conditions.push(sql`i.phase = ${f.phase}`);
  if (f.health) conditions.push(sql`i.health = ${f.health}`);
  if (f.overdue !== undefined) conditions.push(f.overdue ? sql`i.overdue_count > 0` : sql`i.overdue_count = 0`);
  if (f.afterCode) conditions.push(sql`i.jurisdiction_code > ${f.afterCode}`);
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select i.id, i.jurisdiction_code, j.name, i.level, j.parent_code, i.phase, i.phase_index, i.health, i.escalation, i.overdue_count,
               i.tasks_done, i.tasks_total, i.reports_filed, i.indicators, i.closed, i.version, ${isoTime('i.updated_at')} as updated_at
        from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where ${sql.join(conditions, sql` and `)}
        order by i.jurisdiction_code
        limit ${f.limit}`,
  );
  return rows.map((r) => ({
    ...toNode(r),
    level: r.level as Level,
    parentCode: r.parent_code === null ? null : (r.parent_code as string),
    reportsFiled: num(r.reports_filed),
    indicators: (r.indicators ?? {}) as Summary['indicators'],
    closed: Boolean(r.closed),
  }));
}

// ---------------------------------------------------------------- outbox and changes

/** What an outbox row carries, by kind: notify-parent:<reason>, suspend-business, rectification-opened. */
export type OutboxPayload =
  | { parentId: number | null; detail?: string; at: string }
  | { unit: string; item: string; at: string }
  | { campaignId: number; definition: string };

export type OutboxItem = { id: number; instanceId: number; code: string; kind: string; payload: OutboxPayload; createdAt: string; processedAt: string | null };

/** What the engine wrote for the outside world, for the instances within a subtree, oldest first. */
export async function listOutboxWithin(
  db: Db,
  campaignId: number,
  within: string,
  q: { afterId: number; limit: number; kind?: string | undefined },
): Promise<OutboxItem[]> {
  const kind = q.kind ? sql`and (o.kind = ${q.kind} or starts_with(o.kind, ${q.kind + ':'}))` : sql``;
  const rows = await query<{ id: unknown; instance_id: unknown; jurisdiction_code: string; kind: string; payload: OutboxPayload; created_at: string; processed_at: string | null }>(
    db,
    sql`select o.id, o.instance_id, i.jurisdiction_code, o.kind, o.payload, ${isoTime('o.created_at')} as created_at, ${isoTime('o.processed_at')} as processed_at
        from outbox o join instances i on i.id = o.instance_id
        where o.campaign_id = ${campaignId} and o.id > ${q.afterId} and i.jurisdiction_code like ${subtreePattern(within)} ${kind}
        order by o.id limit ${q.limit}`,
  );
  return rows.map((r) => ({ id: num(r.id), instanceId: num(r.instance_id), code: r.jurisdiction_code, kind: r.kind, payload: r.payload, createdAt: r.created_at, processedAt: r.processed_at }));
}

export type ChangeRow = { id: number; instanceId: number; code: string; level: string; seq: number; type: string; actor: string; at: string; phase: string; health: string };

/**
 * Events of a campaign after `afterId` for instances within a subtree: the live
 * stream's source. Phase and health are those the event left (its recorded result).
 */
export async function changesSince(db: Db, campaignId: number, within: string, afterId: number, limit: number): Promise<ChangeRow[]> {
  const rows = await query<{ id: unknown; instance_id: unknown; jurisdiction_code: string; level: string; seq: unknown; type: string; actor: string; at: string; phase: string | null; health: string | null }>(
    db,
    sql`select e.id, e.instance_id, i.jurisdiction_code, i.level, e.seq, e.type, e.actor, ${isoTime('e.at')} as at,
               e.result -> 'summary' ->> 'phase' as phase, e.result -> 'summary' ->> 'health' as health
        from events e join instances i on i.id = e.instance_id
        where e.campaign_id = ${campaignId} and e.id > ${afterId} and i.jurisdiction_code like ${subtreePattern(within)}
        order by e.id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: num(r.id),
    instanceId: num(r.instance_id),
    code: r.jurisdiction_code,
    level: r.level,
    seq: num(r.seq),
    type: r.type,
    actor: r.actor,
    at: r.at,
    phase: r.phase ?? '',
    health: r.health ?? '',
  }));
}

/** The newest event id of a campaign (0 when none): where a live stream starts. */
export async function lastEventId(db: Db, campaignId: number): Promise<number> {
  const rows = await query<{ id: unknown }>(db, sql`select coalesce(max(id), 0) as id from events where campaign_id = ${campaignId}`);
  return num(rows[0]?.id ?? 0);
}
