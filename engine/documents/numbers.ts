// Document numbers (发文字号) as the engine gives them: per issuing body and year,
// allocated once per document in one transaction, so a re-download prints the same
// number and concurrent requests never share or skip one.
import { shanghaiDate } from '../../definitions/language/dates.js';
import { EngineError } from '../errors.js';
import { dbOf } from '../store/db.js';
import type { Engine } from '../runner/engine.js';
import * as docs from '../store/documents.js';
import * as store from '../store/store.js';

export type { IssuedRow as IssuedDocument, IssuerRow as DocumentIssuer } from '../store/documents.js';

/** 吕市监 + 2024 + 12 → 吕市监〔2024〕12号 (GB/T 9704: 六角括号, no leading zeros, no 第). */
export function formatNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

export async function documentIssuer(engine: Engine, code: string): Promise<docs.IssuerRow | undefined> {
  return docs.getIssuer(dbOf(engine.database), code);
}

/** Set the issuing body of a jurisdiction: the name it signs with and its number prefix. */
export async function setDocumentIssuer(engine: Engine, code: string, value: { name: string; prefix: string }, by: string): Promise<docs.IssuerRow> {
  const j = await store.getJurisdiction(dbOf(engine.database), code);
  if (!j) throw new EngineError('not_found', `no jurisdiction "${code}"`);
  return docs.upsertIssuer(dbOf(engine.database), { code, ...value, by, at: engine.now() });
}

export async function issuedDocument(engine: Engine, documentKey: string): Promise<docs.IssuedRow | undefined> {
  return docs.findIssued(dbOf(engine.database), documentKey);
}

export async function issuedDocuments(engine: Engine, issuerCode: string, limit = 100): Promise<docs.IssuedRow[]> {
  return docs.listIssued(dbOf(engine.database), issuerCode, limit);
}

export type NumberRequest = {
  issuerCode: string;
  kind: string;
  documentKey: string;
  title: string;
  campaignId?: number | null;
  instanceId?: number | null;
  by: string;
};

/**
 * The document's number: the one it was given, or the next of its issuing body in the
 * current year (Asia/Shanghai). Refused (409) while the jurisdiction has no issuing body.
 */
export async function allocateDocumentNumber(engine: Engine, r: NumberRequest): Promise<{ issued: docs.IssuedRow; created: boolean }> {
  const issuer = await docs.getIssuer(dbOf(engine.database), r.issuerCode);
  if (!issuer)
    throw new EngineError('conflict', `${r.issuerCode} has no issuing body yet: set its name and number prefix (PUT /api/jurisdictions/${r.issuerCode}/issuer) before numbering documents`, { reason: 'no-issuer', code: r.issuerCode });
  const at = engine.now();
  const year = Number(shanghaiDate(at).slice(0, 4));
  return store.inTransaction(dbOf(engine.database), (tx) =>
    docs.allocateNumber(tx, {
      issuerCode: issuer.code,
      year,
      kind: r.kind,
      documentKey: r.documentKey,
      title: r.title,
      campaignId: r.campaignId ?? null,
      instanceId: r.instanceId ?? null,
      issuedBy: r.by,
      issuedAt: at,
      format: (seq) => formatNumber(issuer.prefix, year, seq),
    }),
  );
}
