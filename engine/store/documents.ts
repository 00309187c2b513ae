// The SQL of issuing documents: issuing bodies and their prefixes, the per-year
// counters of document numbers, and the record of every numbered document. Like
// store.ts, one SQL for PGlite and Postgres.
import { sql } from 'drizzle-orm';
import { isoTime, query, type Db } from './db.js';

export type IssuerRow = { code: string; name: string; prefix: string; updatedBy: string; updatedAt: string };

export type IssuedRow = {
  id: number;
  issuerCode: string;
  year: number;
  seq: number;
  number: string;
  kind: string;
  documentKey: string;
  title: string;
  campaignId: number | null;
  instanceId: number | null;
  issuedBy: string;
  issuedAt: string;
};

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function getIssuer(db: Db, code: string): Promise<IssuerRow | undefined> {
  const rows = await query<{ code: string; name: string; prefix: string; updated_by: string; updated_at: string }>(
    db,
    sql`select code, name, prefix, updated_by, ${isoTime('updated_at')} as updated_at from document_issuers where code = ${code}`,
  );
  const r = rows[0];
  return r && { code: r.code, name: r.name, prefix: r.prefix, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

export async function upsertIssuer(db: Db, i: { code: string; name: string; prefix: string; by: string; at: string }): Promise<IssuerRow> {
  await db.execute(
    sql`insert into document_issuers (code, name, prefix, updated_by, updated_at) values (${i.code}, ${i.name}, ${i.prefix}, ${i.by}, ${i.at}::timestamptz)
        on conflict (code) do update set name = excluded.name, prefix = excluded.prefix, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  return (await getIssuer(db, i.code))!;
}

const ISSUED_COLUMNS = sql`id, issuer_code, year, seq, number, kind, document_key, title, campaign_id, instance_id, issued_by, ${isoTime('issued_at')} as issued_at`;

function toIssued(r: Record<string, unknown>): IssuedRow {
  return {
    id: num(r.id),
    issuerCode: String(r.issuer_code),
    year: num(r.year),
    seq: num(r.seq),
    number: String(r.number),
    kind: String(r.kind),
    documentKey: String(r.document_key),
    title: String(r.title),
    campaignId: numOrNull(r.campaign_id),
    instanceId: numOrNull(r.instance_id),
    issuedBy: String(r.issued_by),
    issuedAt: String(r.issued_at),
  };
}

export async function findIssued(db: Db, documentKey: string): Promise<IssuedRow | undefined> {
  const rows = await query<Record<string, unknown>>(db, sql`select ${ISSUED_COLUMNS} from issued_documents where document_key = ${documentKey}`);
  return rows[0] && toIssued(rows[0]);
}

export async function listIssued(db: Db, issuerCode: string, limit: number): Promise<IssuedRow[]> {
  const rows = await query<Record<string, unknown>>(db, sql`select ${ISSUED_COLUMNS} from issued_documents where issuer_code = ${issuerCode} order by year desc, seq desc limit ${limit}`);
  return rows.map(toIssued);
}

export type NewIssued = {
  issuerCode: string;
  year: number;
  kind: string;
  documentKey: string;
  title: string;
  campaignId: number | null;
  instanceId: number | null;
  issuedBy: string;
  issuedAt: string;
  /** The printed number for a sequence number, e.g. seq → 吕市监〔2024〕12号. */
  format: (seq: number) => string;
};

/**
 * Number a document, inside the caller's transaction: the next number of its issuer
 * and year, or the number it already has. NOTE: the counter row is locked before the
 * document is looked up, so two requests for one document (or for one issuer and
 * year) queue on that lock: the second sees the first's committed row and takes no
 * number, and a rolled-back allocation gives its number back — no gaps, no doubles.
 */
export async function allocateNumber(tx: Db, d: NewIssued): Promise<{ issued: IssuedRow; created: boolean }> {
  await tx.execute(sql`insert into document_counters (issuer_code, year, last) values (${d.issuerCode}, ${d.year}, 0) on conflict do nothing`);
  await tx.execute(sql`select last from document_counters where issuer_code = ${d.issuerCode} and year = ${d.year} for update`);
  const existing = await findIssued(tx, d.documentKey);
  if (existing) return { issued: existing, created: false };
  const rows = await query<{ last: unknown }>(tx, sql`update document_counters set last = last + 1 where issuer_code = ${d.issuerCode} and year = ${d.year} returning last`);
  const seq = num(rows[0]!.last);
  const inserted = await query<Record<string, unknown>>(
    tx,
    sql`insert into issued_documents (issuer_code, year, seq, number, kind, document_key, title, campaign_id, instance_id, issued_by, issued_at)
        values (${d.issuerCode}, ${d.year}, ${seq}, ${d.format(seq)}, ${d.kind}, ${d.documentKey}, ${d.title}, ${d.campaignId}, ${d.instanceId}, ${d.issuedBy}, ${d.issuedAt}::timestamptz)
        returning ${ISSUED_COLUMNS}`,
  );
  return { issued: toIssued(inserted[0]!), created: true };
}

// ---------------------------------------------------------------- what documents read

export type DocumentNodeRow = {
  instanceId: number;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  phase: string;
  health: string;
  /** The machine's context (snapshot.context), as stored. */
  context: Record<string, unknown>;
  closed: boolean;
};

/** A campaign's instances at a jurisdiction and the levels below it named, by code. */
export async function nodesWithin(db: Db, campaignId: number, code: string, levels: readonly string[]): Promise<DocumentNodeRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select i.id, i.jurisdiction_code, j.name, i.level, j.parent_code, i.phase, i.health, i.snapshot -> 'context' as context, i.closed
        from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where i.campaign_id = ${campaignId} and i.jurisdiction_code like ${`${code}%`}
          and (i.jurisdiction_code = ${code} or i.level in (select jsonb_array_elements_text(${JSON.stringify(levels)}::jsonb)))
        order by length(i.jurisdiction_code), i.jurisdiction_code`,
  );
  return rows.map((r) => ({
    instanceId: num(r.id),
    code: String(r.jurisdiction_code),
    name: String(r.name),
    level: String(r.level),
    parentCode: r.parent_code === null ? null : (r.parent_code as string),
    phase: String(r.phase),
    health: String(r.health),
    context: (r.context ?? {}) as Record<string, unknown>,
    closed: Boolean(r.closed),
  }));
}

export type LoggedEvent = { instanceId: number; type: string; payload: Record<string, unknown>; at: string; phase: string | null };

/** Events of some types for the given instances, oldest first, up to a moment. */
export async function eventsOf(db: Db, campaignId: number, instanceIds: readonly number[], types: readonly string[], until: string): Promise<LoggedEvent[]> {
  if (instanceIds.length === 0) return [];
  const rows = await query<{ instance_id: unknown; type: string; payload: Record<string, unknown>; at: string; phase: string | null }>(
    db,
    sql`select instance_id, type, payload, ${isoTime('at')} as at, result -> 'summary' ->> 'phase' as phase from events
        where campaign_id = ${campaignId} and at <= ${until}::timestamptz
          and instance_id in (select (jsonb_array_elements_text(${JSON.stringify(instanceIds)}::jsonb))::bigint)
          and type in (select jsonb_array_elements_text(${JSON.stringify(types)}::jsonb))
        order by id`,
  );
  return rows.map((r) => ({ instanceId: num(r.instance_id), type: r.type, payload: r.payload, at: r.at, phase: r.phase }));
}

/** Rectification notices opened by inspections of instances of a campaign within a subtree. */
export async function noticesOpenedWithin(db: Db, campaignId: number, code: string): Promise<{ campaignId: number; originInstanceId: number; code: string; status: string; launchDate: string; closed: number; instances: number }[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select c.id, c.origin_instance_id, o.jurisdiction_code, c.status, c.launch_date::text as launch_date,
               (select count(*) from instances n where n.campaign_id = c.id and n.closed) as closed,
               (select count(*) from instances n where n.campaign_id = c.id) as instances
        from campaigns c join instances o on o.id = c.origin_instance_id
        where o.campaign_id = ${campaignId} and o.jurisdiction_code like ${`${code}%`}
        order by c.id`,
  );
  return rows.map((r) => ({ campaignId: num(r.id), originInstanceId: num(r.origin_instance_id), code: String(r.jurisdiction_code), status: String(r.status), launchDate: String(r.launch_date), closed: num(r.closed), instances: num(r.instances) }));
}
