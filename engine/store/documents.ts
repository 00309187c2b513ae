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
