// The store: every SQL statement of the engine lives here. Batches travel as one
// JSON parameter unpacked by jsonb_to_recordset, so a statement costs one round trip
// whatever the batch size, and the same SQL runs on PGlite and on Postgres.
import { sql } from 'drizzle-orm';
import type { CampaignEvent, EventType, Finding } from '../../definitions/language/events.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import type { Persisted, Summary } from '../core/step.js';
import type { CampaignTimer, ResolvedDates } from '../core/schedule.js';
import { subtreePattern } from '../core/tree.js';
import { isoTime, json, query, type Db } from './db.js';


const num = (v: unknown): number => Number(v);

// ---------------------------------------------------------------- transactions

export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  // NOTE: inside, always use `tx`: on PGlite the single connection is held by the transaction.
  return db.transaction(async (tx) => fn(tx as unknown as Db));
}

// ---------------------------------------------------------------- jurisdictions

export type JurisdictionRow = { code: string; name: string; level: Level; parentCode: string | null };

export async function upsertJurisdictions(db: Db, rows: readonly JurisdictionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into jurisdictions (code, name, level, parent_code)
    select code, name, level, parent_code
    from jsonb_to_recordset(${json(rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode })))})
      as r(code text, name text, level text, parent_code text)
    on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`);
}

export async function getJurisdiction(db: Db, code: string): Promise<JurisdictionRow | undefined> {
  const rows = await query<{ code: string; name: string; level: Level; parent_code: string | null }>(
    db,
    sql`select code, name, level, parent_code from jurisdictions where code = ${code}`,
  );
  const r = rows[0];
  return r && { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code };
}

export async function countJurisdictions(db: Db, root?: string): Promise<Record<string, number>> {
  const rows = await query<{ level: string; n: unknown }>(
    db,
    root
      ? sql`select level, count(*) as n from jurisdictions where code like ${subtreePattern(root)} group by level`
      : sql`select level, count(*) as n from jurisdictions group by level`,
  );
  return Object.fromEntries(rows.map((r) => [r.level, num(r.n)]));
}

// ---------------------------------------------------------------- definitions

export type DefinitionRow = { id: string; version: number; hash: string; content: CampaignDefinition; createdAt: string };

export async function findDefinitionByHash(db: Db, id: string, hash: string): Promise<DefinitionRow | undefined> {
  const rows = await query<{ id: string; version: number; hash: string; content: CampaignDefinition; created_at: string }>(
    db,
    sql`select id, version, hash, content, ${isoTime('created_at')} as created_at from definitions where id = ${id} and hash = ${hash}`,
  );
  const r = rows[0];
  return r && { id: r.id, version: num(r.version), hash: r.hash, content: r.content, createdAt: r.created_at };
}

export async function insertDefinition(db: Db, def: CampaignDefinition, hash: string, by: string): Promise<number> {
  const rows = await query<{ version: number }>(
    db,
    sql`insert into definitions (id, version, kind, title_zh, title_en, content, hash, published_by)
        select ${def.id}, coalesce(max(version), 0) + 1, ${def.kind}, ${def.title.zh}, ${def.title.en}, ${json(def)}, ${hash}, ${by}
        from definitions where id = ${def.id}
        returning version`,
  );
  return num(rows[0]!.version);
}

/** The owner of a definition id, claimed by `ownerCode` when it has none yet; the row is locked for the transaction. */
export async function claimDefinitionOwner(db: Db, id: string, ownerCode: string, by: string): Promise<{ ownerCode: string; createdBy: string; created: boolean }> {
  const inserted = await query<{ owner_code: string }>(
    db,
    sql`insert into definition_owners (id, owner_code, created_by) values (${id}, ${ownerCode}, ${by}) on conflict (id) do nothing returning owner_code`,
  );
  if (inserted.length === 1) return { ownerCode, createdBy: by, created: true };
  const rows = await query<{ owner_code: string; created_by: string }>(db, sql`select owner_code, created_by from definition_owners where id = ${id} for update`);
  return { ownerCode: rows[0]!.owner_code, createdBy: rows[0]!.created_by, created: false };
}

/** The owner of a definition id, with its name. */
export async function getDefinitionOwner(db: Db, id: string): Promise<{ code: string; name: string } | undefined> {
  const rows = await query<{ owner_code: string; name: string | null }>(
    db,
    sql`select o.owner_code, j.name from definition_owners o left join jurisdictions j on j.code = o.owner_code where o.id = ${id}`,
  );
  const r = rows[0];
  return r && { code: r.owner_code, name: r.name ?? (r.owner_code === '100000' ? '全国 (the nation)' : r.owner_code) };
}

export async function getDefinition(db: Db, id: string, version?: number): Promise<DefinitionRow | undefined> {
  const rows = await query<{ id: string; version: number; hash: string; content: CampaignDefinition; created_at: string }>(
    db,
    version === undefined
      ? sql`select id, version, hash, content, ${isoTime('created_at')} as created_at from definitions where id = ${id} order by version desc limit 1`
      : sql`select id, version, hash, content, ${isoTime('created_at')} as created_at from definitions where id = ${id} and version = ${version}`,
  );
  const r = rows[0];
  return r && { id: r.id, version: num(r.version), hash: r.hash, content: r.content, createdAt: r.created_at };
}

export async function listDefinitions(db: Db) {
  const rows = await query<{ id: string; version: number; kind: CampaignDefinition['kind']; title_zh: string; title_en: string; created_at: string; versions: unknown }>(
    db,
    sql`select distinct on (id) id, version, kind, title_zh, title_en, ${isoTime('created_at')} as created_at,
               count(*) over (partition by id) as versions
        from definitions order by id, version desc`,
  );
  return rows.map((r) => ({ id: r.id, latestVersion: num(r.version), versions: num(r.versions), kind: r.kind, title: { zh: r.title_zh, en: r.title_en }, publishedAt: r.created_at }));
}

// ---------------------------------------------------------------- campaigns

/** A campaign runs until every instance is at its end (closed) or it is cancelled. */
export type CampaignStatus = 'running' | 'cancelled' | 'closed';

export type CampaignRow = {
  id: number;
  definitionId: string;
  definitionVersion: number;
  rootCode: string;
  launchDate: string;
  dates: ResolvedDates;
  status: CampaignStatus;
  closedAt: string | null;
  /** What every instance starts from besides the calendar (a notice: the findings that opened it). */
  input: CampaignInputData;
  originInstanceId: number | null;
};

/** What a campaign's instances start from besides the calendar. */
export type CampaignInputData = { findings?: Finding[] };

type CampaignDbRow = {
  id: unknown;
  definition_id: string;
  definition_version: unknown;
  root_code: string;
  launch_date: string;
  dates: ResolvedDates;
  status: CampaignStatus;
  closed_at: string | null;
  input: CampaignInputData | null;
  origin_instance_id: unknown;
};

function toCampaign(r: CampaignDbRow): CampaignRow {
  return {
    id: num(r.id),
    definitionId: r.definition_id,
    definitionVersion: num(r.definition_version),
    rootCode: r.root_code,
    launchDate: String(r.launch_date).slice(0, 10),
    dates: r.dates,
    status: r.status,
    closedAt: r.closed_at,
    input: r.input ?? {},
    originInstanceId: r.origin_instance_id === null ? null : num(r.origin_instance_id),
  };
}

const campaignColumns = sql`id, definition_id, definition_version, root_code, launch_date::text as launch_date, dates, status,
  ${isoTime('closed_at')} as closed_at, input, origin_instance_id`;

export async function insertCampaign(
  db: Db,
  c: {
    definitionId: string;
    definitionVersion: number;
    rootCode: string;
    launchDate: string;
    dates: ResolvedDates;
    launchedBy: string;
    originInstanceId: number | null;
    input: CampaignInputData;
  },
): Promise<number> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`insert into campaigns (definition_id, definition_version, root_code, launch_date, dates, launched_by, origin_instance_id, input)
        values (${c.definitionId}, ${c.definitionVersion}, ${c.rootCode}, ${c.launchDate}, ${json(c.dates)}, ${c.launchedBy}, ${c.originInstanceId}, ${json(c.input)})
        returning id`,
  );
  return num(rows[0]!.id);
}

export async function getCampaign(db: Db, id: number): Promise<CampaignRow | undefined> {
  const rows = await query<CampaignDbRow>(db, sql`select ${campaignColumns} from campaigns where id = ${id}`);
  return rows[0] && toCampaign(rows[0]);
}

export async function listCampaigns(db: Db, within?: string): Promise<CampaignRow[]> {
  const rows = await query<CampaignDbRow>(
    db,
    within
      ? sql`select ${campaignColumns} from campaigns c
            where c.root_code like ${subtreePattern(within)}
               or exists (select 1 from instances i where i.campaign_id = c.id and i.jurisdiction_code like ${subtreePattern(within)})
            order by id`
      : sql`select ${campaignColumns} from campaigns order by id`,
  );
  return rows.map(toCampaign);
}

/** The campaigns opened from instances of these (notices opened by their inspections). */
export async function campaignsOpenedFrom(db: Db, campaignIds: readonly number[]): Promise<number[]> {
  if (campaignIds.length === 0) return [];
  const rows = await query<{ id: unknown }>(
    db,
    sql`select c.id from campaigns c join instances i on i.id = c.origin_instance_id where i.campaign_id = any(${`{${campaignIds.join(',')}}`}::bigint[]) order by c.id`,
  );
  return rows.map((r) => num(r.id));
}

export async function setCampaignStatus(db: Db, id: number, status: CampaignStatus, at: string): Promise<void> {
  await db.execute(sql`update campaigns set status = ${status}, closed_at = coalesce(closed_at, ${at}) where id = ${id}`);
}

/**
 * Close the running campaigns among `ids` whose every instance has reached a final
 * state: `closed`, or `cancelled` when every one of them was cancelled.
 */
export async function closeFinishedCampaigns(db: Db, ids: readonly number[], now: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await query<{ id: unknown }>(
    db,
    sql`update campaigns c
        set status = case when exists (select 1 from instances i where i.campaign_id = c.id and i.health <> 'cancelled') then 'closed' else 'cancelled' end,
            closed_at = ${now}
        where c.id = any(${`{${ids.join(',')}}`}::bigint[]) and c.status = 'running'
          and not exists (select 1 from instances i where i.campaign_id = c.id and not i.closed)
        returning c.id`,
  );
  return rows.map((r) => num(r.id));
}

/**
 * Per level, the template every new instance of that level starts from, and how its
 * parent instance is found: none (the root), the root itself (children of the
 * nation), or the ancestor whose code is the prefix of this length.
 */
export type LevelTemplate = { level: Level; snapshot: Persisted; summary: Summary; parent: 'none' | 'root' | { codeLength: number } };

/**
 * Create the instances of a launch, top level first, entirely in SQL: each level is
 * one INSERT … SELECT over the jurisdictions under the root, its parent found by code
 * prefix. No rows travel between the engine and the database.
 */
export async function insertInstancesForLaunch(db: Db, campaignId: number, rootCode: string, templates: readonly LevelTemplate[], now: string, xstateVersion: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of templates) {
    const s = t.summary;
    const parentJoin =
      t.parent === 'none'
        ? sql`null::bigint`
        : t.parent === 'root'
          ? sql`(select p.id from instances p where p.campaign_id = ${campaignId} and p.jurisdiction_code = ${rootCode})`
          : sql`(select p.id from instances p where p.campaign_id = ${campaignId} and p.jurisdiction_code = left(j.code, ${t.parent.codeLength}))`;
    const rows = await query<{ n: unknown }>(
      db,
      sql`with inserted as (
            insert into instances (campaign_id, jurisdiction_code, level, parent_id, snapshot, xstate_version, version,
                                   phase, phase_index, health, standing, waiting_until, escalation, overdue_count, late_count, on_time_count, days_late,
                                   tasks_done, tasks_total, reports_filed, indicators, referrals, cases_open, major_cases, closed, updated_at)
            select ${campaignId}, j.code, j.level, ${parentJoin},
                   jsonb_set(${json(t.snapshot)}, '{context,jurisdiction}', to_jsonb(j.code)), ${xstateVersion}, 0,
                   ${s.phase}, ${s.phaseIndex}, ${s.health}, ${s.standing}, ${s.waitingUntil}::date, ${s.escalation}, ${s.overdueCount}, ${s.lateCount}, ${s.onTimeCount}, ${s.daysLate},
                   ${s.tasksDone}, ${s.tasksTotal}, ${s.reportsFiled}, ${json(s.indicators)}, ${s.referrals}, ${s.casesOpen}, ${s.majorCases}, ${s.closed}, ${now}
            from jurisdictions j
            where j.code like ${subtreePattern(rootCode)} and j.level = ${t.level}
            order by j.code
            returning 1)
          select count(*) as n from inserted`,
    );
    counts[t.level] = num(rows[0]!.n);
  }
  return counts;
}

export async function insertCampaignTimers(db: Db, campaignId: number, timers: readonly CampaignTimer[]): Promise<void> {
  if (timers.length === 0) return;
  await db.execute(sql`
    insert into timers (campaign_id, instance_id, levels, key, due_at, event)
    select ${campaignId}, null, array(select jsonb_array_elements_text(r.levels)), r.key, r.due_at, r.event
    from jsonb_to_recordset(${json(timers.map((t) => ({ key: t.key, due_at: t.dueAt, levels: t.levels, event: t.event })))})
      as r(key text, due_at timestamptz, levels jsonb, event jsonb)`);
}

// ---------------------------------------------------------------- instances

export type InstanceRow = {
  id: number;
  campaignId: number;
  jurisdictionCode: string;
  level: Level;
  parentId: number | null;
  snapshot: Persisted;
  xstateVersion: string;
  version: number;
  summary: Summary;
  updatedAt: string;
};

type InstanceDbRow = {
  id: unknown;
  campaign_id: unknown;
  jurisdiction_code: string;
  level: Level;
  parent_id: unknown;
  snapshot: Persisted;
  xstate_version: string;
  version: unknown;
  phase: string;
  phase_index: unknown;
  health: Summary['health'];
  standing: Summary['standing'];
  waiting_until: string | null;
  escalation: unknown;
  overdue_count: unknown;
  late_count: unknown;
  on_time_count: unknown;
  days_late: unknown;
  referrals: unknown;
  cases_open: unknown;
  major_cases: unknown;
  tasks_done: unknown;
  tasks_total: unknown;
  reports_filed: unknown;
  indicators: Summary['indicators'];
  closed: boolean;
  updated_at: string;
};

const instanceColumns = sql`id, campaign_id, jurisdiction_code, level, parent_id, snapshot, xstate_version, version, phase, phase_index, health,
  standing, waiting_until::text as waiting_until, escalation, overdue_count, late_count, on_time_count, days_late, referrals, cases_open, major_cases,
  tasks_done, tasks_total, reports_filed, indicators, closed, ${isoTime('updated_at')} as updated_at`;

function toInstance(r: InstanceDbRow): InstanceRow {
  return {
    id: num(r.id),
    campaignId: num(r.campaign_id),
    jurisdictionCode: r.jurisdiction_code,
    level: r.level,
    parentId: r.parent_id === null ? null : num(r.parent_id),
    snapshot: r.snapshot,
    xstateVersion: r.xstate_version,
    version: num(r.version),
    summary: {
      phase: r.phase,
      phaseIndex: num(r.phase_index),
      health: r.health,
      standing: r.standing,
      waitingUntil: r.waiting_until,
      escalation: num(r.escalation),
      overdueCount: num(r.overdue_count),
      lateCount: num(r.late_count),
      onTimeCount: num(r.on_time_count),
      daysLate: num(r.days_late),
      referrals: num(r.referrals),
      casesOpen: num(r.cases_open),
      majorCases: num(r.major_cases),
      tasksDone: num(r.tasks_done),
      tasksTotal: num(r.tasks_total),
      reportsFiled: num(r.reports_filed),
      indicators: r.indicators,
      closed: r.closed,
    },
    updatedAt: r.updated_at,
  };
}

export async function getInstance(db: Db, id: number): Promise<InstanceRow | undefined> {
  const rows = await query<InstanceDbRow>(db, sql`select ${instanceColumns} from instances where id = ${id}`);
  return rows[0] && toInstance(rows[0]);
}

export async function findInstance(db: Db, campaignId: number, code: string): Promise<InstanceRow | undefined> {
  const rows = await query<InstanceDbRow>(db, sql`select ${instanceColumns} from instances where campaign_id = ${campaignId} and jurisdiction_code = ${code}`);
  return rows[0] && toInstance(rows[0]);
}

/** Every instance of a campaign, lowest level first (for the simulator and replay checks). */
export async function campaignInstances(db: Db, campaignId: number): Promise<InstanceRow[]> {
  const rows = await query<InstanceDbRow>(
    db,
    sql`select ${instanceColumns} from instances where campaign_id = ${campaignId} order by length(jurisdiction_code) desc, id`,
  );
  return rows.map(toInstance);
}

/** Lock a batch of instances for update, in id order so concurrent batches never deadlock. */
export async function lockInstances(db: Db, ids: readonly number[]): Promise<InstanceRow[]> {
  const rows = await query<InstanceDbRow>(
    db,
    sql`select ${instanceColumns} from instances where id = any(${`{${ids.join(',')}}`}::bigint[]) order by id for update`,
  );
  return rows.map(toInstance);
}

export async function instanceIdsAtLevels(db: Db, campaignId: number, levels: readonly string[], afterId: number, limit: number): Promise<number[]> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`select id from instances where campaign_id = ${campaignId} and level = any(${`{${levels.join(',')}}`}::text[]) and id > ${afterId} and not closed
        order by id limit ${limit}`,
  );
  return rows.map((r) => num(r.id));
}

/** A page of a campaign's instance ids, after `afterId`, in id order. */
export async function instanceIdsAfter(db: Db, campaignId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await query<{ id: unknown }>(db, sql`select id from instances where campaign_id = ${campaignId} and id > ${afterId} order by id limit ${limit}`);
  return rows.map((r) => num(r.id));
}

/** What a launch created, counted: instances per level and campaign-wide timers. */
export async function launchCounts(db: Db, campaignId: number): Promise<{ byLevel: Record<string, number>; timers: number }> {
  const levels = await query<{ level: string; n: unknown }>(db, sql`select level, count(*) as n from instances where campaign_id = ${campaignId} group by level`);
  const [timers] = await query<{ n: unknown }>(db, sql`select count(*) as n from timers where campaign_id = ${campaignId} and instance_id is null`);
  return { byLevel: Object.fromEntries(levels.map((r) => [r.level, num(r.n)])), timers: num(timers?.n ?? 0) };
}

/** How many children have reached each phase index (for `children-past`). */
export async function childPhaseCounts(db: Db, parentId: number): Promise<{ phaseIndex: number; n: number }[]> {
  const rows = await query<{ phase_index: unknown; n: unknown }>(
    db,
    sql`select phase_index, count(*) as n from instances where parent_id = ${parentId} group by phase_index`,
  );
  return rows.map((r) => ({ phaseIndex: num(r.phase_index), n: num(r.n) }));
}

export type InstanceUpdate = { id: number; snapshot: Persisted; version: number; summary: Summary; updatedAt: string };

export async function updateInstances(db: Db, updates: readonly InstanceUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map((u) => ({
    id: u.id,
    snapshot: u.snapshot,
    version: u.version,
    phase: u.summary.phase,
    phase_index: u.summary.phaseIndex,
    health: u.summary.health,
    standing: u.summary.standing,
    waiting_until: u.summary.waitingUntil,
    escalation: u.summary.escalation,
    overdue_count: u.summary.overdueCount,
    late_count: u.summary.lateCount,
    on_time_count: u.summary.onTimeCount,
    days_late: u.summary.daysLate,
    referrals: u.summary.referrals,
    cases_open: u.summary.casesOpen,
    major_cases: u.summary.majorCases,
    tasks_done: u.summary.tasksDone,
    tasks_total: u.summary.tasksTotal,
    reports_filed: u.summary.reportsFiled,
    indicators: u.summary.indicators,
    closed: u.summary.closed,
    updated_at: u.updatedAt,
  }));
  await db.execute(sql`
    update instances i set snapshot = b.snapshot, version = b.version, phase = b.phase, phase_index = b.phase_index,
      health = b.health, standing = b.standing, waiting_until = b.waiting_until, escalation = b.escalation, overdue_count = b.overdue_count,
      late_count = b.late_count, on_time_count = b.on_time_count, days_late = b.days_late, referrals = b.referrals, cases_open = b.cases_open,
      major_cases = b.major_cases, tasks_done = b.tasks_done,
      tasks_total = b.tasks_total, reports_filed = b.reports_filed, indicators = b.indicators, closed = b.closed, updated_at = b.updated_at
    from jsonb_to_recordset(${json(rows)}) as b(id bigint, snapshot jsonb, version int, phase text, phase_index int, health text,
      standing text, waiting_until date, escalation int, overdue_count int, late_count int, on_time_count int, days_late int, referrals int,
      cases_open int, major_cases int, tasks_done int, tasks_total int, reports_filed int, indicators jsonb, closed boolean, updated_at timestamptz)
    where i.id = b.id`);
}

// ---------------------------------------------------------------- events

export type EventRow = {
  id: number;
  instanceId: number;
  seq: number;
  type: EventType;
  /** The event as applied: type, payload with its defaults, time. */
  payload: CampaignEvent;
  actor: string;
  /** When it happened. */
  at: string;
  /** When the engine recorded it. */
  recordedAt: string;
  idempotencyKey: string | null;
  result: unknown;
};

export type NewEvent = Omit<EventRow, 'id'> & { campaignId: number; requestHash?: string | null };

export async function insertEvents(db: Db, rows: readonly NewEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into events (instance_id, campaign_id, seq, type, payload, actor, at, recorded_at, idempotency_key, request_hash, result)
    select instance_id, campaign_id, seq, type, payload, actor, at, recorded_at, idempotency_key, request_hash, result
    from jsonb_to_recordset(${json(
      rows.map((e) => ({
        instance_id: e.instanceId,
        campaign_id: e.campaignId,
        seq: e.seq,
        type: e.type,
        payload: e.payload,
        actor: e.actor,
        at: e.at,
        recorded_at: e.recordedAt,
        idempotency_key: e.idempotencyKey,
        request_hash: e.requestHash ?? null,
        result: e.result,
      })),
    )}) as r(instance_id bigint, campaign_id bigint, seq int, type text, payload jsonb, actor text, at timestamptz, recorded_at timestamptz, idempotency_key text, request_hash text, result jsonb)`);
}

/** An event recorded under an idempotency key: what the sender was told, and the fingerprint of its request. */
export type KeyedEvent = { result: unknown; requestHash: string | null; seq: number; type: string; at: string; actor: string };

/** Events already recorded for (instance, idempotency key) pairs. */
export async function findIdempotent(db: Db, keys: readonly { instanceId: number; key: string }[]): Promise<Map<string, KeyedEvent>> {
  if (keys.length === 0) return new Map();
  const rows = await query<{ instance_id: unknown; idempotency_key: string; result: unknown; request_hash: string | null; seq: unknown; type: string; at: string; actor: string }>(
    db,
    sql`select e.instance_id, e.idempotency_key, e.result, e.request_hash, e.seq, e.type, ${isoTime('e.at')} as at, e.actor
        from jsonb_to_recordset(${json(keys.map((k) => ({ instance_id: k.instanceId, key: k.key })))}) as k(instance_id bigint, key text)
        join events e on e.instance_id = k.instance_id and e.idempotency_key = k.key`,
  );
  return new Map(
    rows.map((r) => [`${num(r.instance_id)}\u0000${r.idempotency_key}`, { result: r.result, requestHash: r.request_hash, seq: num(r.seq), type: r.type, at: r.at, actor: r.actor }]),
  );
}

/** The first event recorded with this key on another instance than `instanceId`, if any. */
export async function findKeyElsewhere(db: Db, key: string, instanceId: number): Promise<{ instanceId: number; seq: number; type: string; at: string } | undefined> {
  const rows = await query<{ instance_id: unknown; seq: unknown; type: string; at: string }>(
    db,
    sql`select instance_id, seq, type, ${isoTime('at')} as at from events where idempotency_key = ${key} and instance_id <> ${instanceId} order by id limit 1`,
  );
  const r = rows[0];
  return r && { instanceId: num(r.instance_id), seq: num(r.seq), type: r.type, at: r.at };
}

/** Forget the idempotency keys (starting with `prefix`) of events recorded before `before`; returns how many. */
export async function purgeEventKeys(db: Db, prefix: string, before: string, limit: number): Promise<number> {
  const rows = await query<{ id: unknown }>(
    db,
    sql`update events set idempotency_key = null, request_hash = null
        where id in (select id from events where idempotency_key like ${`${prefix.replace(/[\\%_]/g, '\\$&')}%`} and at < ${before}::timestamptz limit ${limit})
        returning id`,
  );
  return rows.length;
}

export async function listEvents(db: Db, instanceId: number, afterSeq: number, limit: number): Promise<EventRow[]> {
  const rows = await query<{
    id: unknown;
    instance_id: unknown;
    seq: unknown;
    type: EventType;
    payload: CampaignEvent;
    actor: string;
    at: string;
    recorded_at: string;
    idempotency_key: string | null;
    result: unknown;
  }>(
    db,
    sql`select id, instance_id, seq, type, payload, actor, ${isoTime('at')} as at, ${isoTime('recorded_at')} as recorded_at, idempotency_key, result
        from events where instance_id = ${instanceId} and seq > ${afterSeq} order by seq limit ${limit}`,
  );
  return rows.map((r) => ({
    id: num(r.id),
    instanceId: num(r.instance_id),
    seq: num(r.seq),
    type: r.type,
    payload: r.payload,
    actor: r.actor,
    at: r.at,
    recordedAt: r.recorded_at,
    idempotencyKey: r.idempotency_key,
    result: r.result,
  }));
}

// ---------------------------------------------------------------- timers

export type InstanceTimer = { instanceId: number; campaignId: number; key: string; dueAt: string; event: Record<string, unknown> };

/** Schedule per-instance timers; a timer with the same key is replaced. */
export async function upsertInstanceTimers(db: Db, rows: readonly InstanceTimer[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into timers (campaign_id, instance_id, key, due_at, event)
    select campaign_id, instance_id, key, due_at, event
    from jsonb_to_recordset(${json(rows.map((t) => ({ campaign_id: t.campaignId, instance_id: t.instanceId, key: t.key, due_at: t.dueAt, event: t.event })))})
      as r(campaign_id bigint, instance_id bigint, key text, due_at timestamptz, event jsonb)
    on conflict (instance_id, key) where instance_id is not null
    do update set due_at = excluded.due_at, event = excluded.event, status = 'pending', cursor = 0, lease_until = null, fired_at = null`);
}

export async function cancelInstanceTimers(db: Db, rows: readonly { instanceId: number; keyPrefix: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update timers t set status = 'cancelled'
    from jsonb_to_recordset(${json(rows.map((r) => ({ instance_id: r.instanceId, prefix: r.keyPrefix })))}) as c(instance_id bigint, prefix text)
    where t.instance_id = c.instance_id and t.status = 'pending' and starts_with(t.key, c.prefix)`);
}

export async function cancelCampaignTimers(db: Db, campaignId: number): Promise<void> {
  await db.execute(sql`update timers set status = 'cancelled' where campaign_id = ${campaignId} and status in ('pending', 'firing')`);
}

export type DueTimer = {
  id: number;
  campaignId: number;
  instanceId: number | null;
  levels: string[] | null;
  key: string;
  dueAt: string;
  event: Record<string, unknown>;
  cursor: number;
};

/**
 * Claim due timers: pending ones, and firing ones whose lease ran out (their
 * process died). SKIP LOCKED lets several schedulers claim side by side; the lease
 * makes the claim outlive this short transaction.
 *
 * NOTE: only timers at the earliest due time still pending or firing anywhere are
 * claimed. A scheduler never runs ahead of a deadline another process is still
 * delivering, nor of one that firing just created, so every instance receives its
 * deadlines in due order, also when a catch-up after downtime fires months at once.
 */
export async function claimDueTimers(db: Db, now: string, leaseUntil: string, limit: number): Promise<DueTimer[]> {
  const rows = await query<{ id: unknown; campaign_id: unknown; instance_id: unknown; levels: string[] | null; key: string; due_at: string; event: Record<string, unknown>; cursor: unknown }>(
    db,
    sql`update timers t set status = 'firing', lease_until = ${leaseUntil}
        where t.id in (
          select id from timers
          where due_at <= ${now} and (status = 'pending' or (status = 'firing' and lease_until < ${now}))
            and due_at <= (select min(due_at) from timers where due_at <= ${now} and status in ('pending', 'firing'))
          order by due_at, id
          limit ${limit}
          for update skip locked)
        returning t.id, t.campaign_id, t.instance_id, t.levels, t.key, ${isoTime('t.due_at')} as due_at, t.event, t.cursor`,
  );
  return rows
    .map((r) => ({ id: num(r.id), campaignId: num(r.campaign_id), instanceId: r.instance_id === null ? null : num(r.instance_id), levels: r.levels, key: r.key, dueAt: r.due_at, event: r.event, cursor: num(r.cursor) }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id - b.id);
}

/** When the earliest deadline still pending anywhere falls due (ISO instant), if any. */
export async function nextPendingTimer(db: Db): Promise<string | undefined> {
  const rows = await query<{ due_at: string | null }>(db, sql`select ${isoTime('min(due_at)')} as due_at from timers where status = 'pending'`);
  return rows[0]?.due_at ?? undefined;
}

/** Are other schedulers still delivering deadlines due by now (under a live lease)? */
export async function othersFiring(db: Db, now: string): Promise<boolean> {
  const rows = await query<{ busy: boolean }>(
    db,
    sql`select exists(select 1 from timers where status = 'firing' and due_at <= ${now} and lease_until >= ${now}) as busy`,
  );
  return rows[0]?.busy === true;
}

export async function advanceTimerCursor(db: Db, id: number, cursor: number, leaseUntil: string): Promise<void> {
  await db.execute(sql`update timers set cursor = ${cursor}, lease_until = ${leaseUntil} where id = ${id} and status = 'firing'`);
}

export async function finishTimers(db: Db, ids: readonly number[], firedAt: string): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`update timers set status = 'fired', fired_at = ${firedAt}, lease_until = null where id = any(${`{${ids.join(',')}}`}::bigint[]) and status = 'firing'`,
  );
}

export async function listInstanceTimers(db: Db, instanceId: number, campaignId: number, level: string) {
  const rows = await query<{ key: string; due_at: string; status: 'pending' | 'firing'; event: Record<string, unknown> }>(
    db,
    sql`select key, ${isoTime('due_at')} as due_at, status, event from timers
        where (instance_id = ${instanceId} or (instance_id is null and campaign_id = ${campaignId} and ${level} = any(levels)))
          and status in ('pending', 'firing')
        order by due_at, key`,
  );
  return rows.map((r) => ({ key: r.key, dueAt: r.due_at, status: r.status, event: r.event }));
}

// ---------------------------------------------------------------- outbox

export type OutboxRow = { campaignId: number; instanceId: number; kind: string; payload: unknown };

export async function insertOutbox(db: Db, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into outbox (campaign_id, instance_id, kind, payload)
    select campaign_id, instance_id, kind, payload
    from jsonb_to_recordset(${json(rows.map((r) => ({ campaign_id: r.campaignId, instance_id: r.instanceId, kind: r.kind, payload: r.payload })))})
      as r(campaign_id bigint, instance_id bigint, kind text, payload jsonb)`);
}

export async function listOutbox(db: Db, campaignId: number) {
  const rows = await query<{ id: unknown; instance_id: unknown; kind: string; payload: unknown; created_at: string }>(
    db,
    sql`select id, instance_id, kind, payload, ${isoTime('created_at')} as created_at from outbox where campaign_id = ${campaignId} order by id`,
  );
  return rows.map((r) => ({ id: num(r.id), instanceId: num(r.instance_id), kind: r.kind, payload: r.payload, createdAt: r.created_at }));
}

// ---- jurisdictions: browse and search

/** A jurisdiction as browsing shows it: with how many children it has, to draw the tree. */
export type JurisdictionNode = JurisdictionRow & { childCount: number };

/** A search hit: with the names of its ancestors, top first, to tell apart the many 城关镇. */
export type JurisdictionHit = JurisdictionRow & { path: string[] };

type JurisdictionDbRow = { code: string; name: string; level: Level; parent_code: string | null };

const toJurisdiction = (r: JurisdictionDbRow): JurisdictionRow => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code });

/** `text` as a LIKE pattern that matches it literally (`%`, `_` and `\` escaped). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The children of a code, by code; `null`: the top of the tree (the nation, once imported). */
export async function listJurisdictionChildren(db: Db, parentCode: string | null): Promise<JurisdictionNode[]> {
  const rows = await query<JurisdictionDbRow & { child_count: unknown }>(
    db,
    sql`select j.code, j.name, j.level, j.parent_code,
               (select count(*) from jurisdictions c where c.parent_code = j.code) as child_count
        from jurisdictions j
        where ${parentCode === null ? sql`j.parent_code is null` : sql`j.parent_code = ${parentCode}`}
        order by j.code`,
  );
  return rows.map((r) => ({ ...toJurisdiction(r), childCount: num(r.child_count) }));
}

/** A code and its ancestors, top first (breadcrumbs), following parent links; empty when unknown. */
export async function listJurisdictionAncestors(db: Db, code: string): Promise<JurisdictionRow[]> {
  const rows = await query<JurisdictionDbRow & { depth: unknown }>(
    db,
    sql`with recursive up as (
          select code, name, level, parent_code, 0 as depth from jurisdictions where code = ${code}
          union all
          select j.code, j.name, j.level, j.parent_code, up.depth + 1
          from jurisdictions j join up on j.code = up.parent_code
          where up.depth < 10)
        select code, name, level, parent_code, depth from up order by depth desc`,
  );
  return rows.map(toJurisdiction);
}

/**
 * Jurisdictions whose name contains `text`, or (`byCode`) whose code starts with it,
 * optionally only under `within` (a code; the nation: everywhere). Exact names first, then names that
 * start with the text, then higher levels, then by code.
 */
export async function searchJurisdictionRows(
  db: Db,
  q: { text: string; byCode: boolean; within?: string | undefined; limit: number },
): Promise<JurisdictionHit[]> {
  const match = q.byCode ? sql`j.code like ${likeLiteral(q.text) + '%'}` : sql`j.name like ${'%' + likeLiteral(q.text) + '%'}`;
  const within = q.within ? sql`and j.code like ${subtreePattern(likeLiteral(q.within))}` : sql``;
  const rows = await query<JurisdictionDbRow & { path: string[] | null }>(
    db,
    sql`select j.code, j.name, j.level, j.parent_code,
               (select jsonb_agg(a.name order by length(a.code))
                from jurisdictions a
                where a.code in (left(j.code, 2), left(j.code, 4), left(j.code, 6), left(j.code, 9)) and a.code <> j.code) as path
        from jurisdictions j
        where ${match} ${within}
        order by j.name = ${q.text} desc, j.name like ${likeLiteral(q.text) + '%'} desc, length(j.code), j.code
        limit ${q.limit}`,
  );
  return rows.map((r) => ({ ...toJurisdiction(r), path: r.path ?? [] }));
}

/** Refresh the planner's statistics after a bulk import: without them, browsing a fresh table scans it whole. */
export async function analyzeJurisdictions(db: Db): Promise<void> {
  await db.execute(sql`analyze jurisdictions`);
}
