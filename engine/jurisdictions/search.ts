// Browsing and searching the imported jurisdiction tree: children, breadcrumbs and
// search by name or code, the queries behind the HTTP API and `campaign jurisdictions`.
import type { Db } from '../store/db.js';
import { EngineError } from '../errors.js';
import {
  getJurisdiction,
  listJurisdictionAncestors,
  listJurisdictionChildren,
  searchJurisdictionRows,
  type JurisdictionHit,
  type JurisdictionNode,
  type JurisdictionRow,
} from '../store/store.js';

export type { JurisdictionHit, JurisdictionNode };

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 200;

const CODE = /^\d{1,12}$/;

function invalid(field: string, message: string): EngineError {
  return EngineError.invalid(message, [{ path: [field], message }]);
}

function checkCode(code: string, field: string): void {
  if (!CODE.test(code)) throw invalid(field, `"${field}" must be a code of 1 to 12 digits, not "${code}"`);
}

/** The children of a jurisdiction, by code; without a code, the top of the tree (the nation 100000). */
export async function childrenOf(db: Db, code?: string): Promise<JurisdictionNode[]> {
  if (code !== undefined) checkCode(code, 'code');
  return listJurisdictionChildren(db, code ?? null);
}

/** A jurisdiction and its ancestors, the nation first: the breadcrumbs. Empty when unknown. */
export async function breadcrumbsOf(db: Db, code: string): Promise<JurisdictionRow[]> {
  checkCode(code, 'code');
  return listJurisdictionAncestors(db, code);
}

export type JurisdictionView = { jurisdiction: JurisdictionRow; breadcrumbs: JurisdictionRow[]; children: JurisdictionNode[] };

/** One jurisdiction with its breadcrumbs and children; `not_found` when it is not imported. */
export async function showJurisdiction(db: Db, code: string): Promise<JurisdictionView> {
  checkCode(code, 'code');
  const jurisdiction = await getJurisdiction(db, code);
  if (!jurisdiction) throw new EngineError('not_found', `no jurisdiction "${code}"; import it first (campaign jurisdictions import)`);
  const [breadcrumbs, children] = [await listJurisdictionAncestors(db, code), await listJurisdictionChildren(db, code)];
  return { jurisdiction, breadcrumbs, children };
}

export type SearchQuery = {
  /** Digits: a code prefix; anything else: a substring of the name. */
  text: string;
  /** Only under this jurisdiction (its code is a prefix of theirs; 100000: everywhere). */
  within?: string | undefined;
  /** At most this many hits (default 20, at most 200). */
  limit?: number | undefined;
};

/**
 * Search by name substring (`孝义`) or code prefix (`141181`). Exact names come
 * first, then names that start with the text, then higher levels.
 */
export async function searchJurisdictions(db: Db, q: SearchQuery): Promise<JurisdictionHit[]> {
  const text = q.text.trim();
  if (text.length === 0) throw invalid('text', 'the search text is empty');
  if (q.within !== undefined) checkCode(q.within, 'within');
  const wanted = q.limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isFinite(wanted)) throw invalid('limit', `"limit" must be a number, not "${wanted}"`);
  const limit = Math.min(Math.max(1, Math.floor(wanted)), MAX_SEARCH_LIMIT);
  return searchJurisdictionRows(db, { text, byCode: /^\d+$/.test(text), within: q.within, limit });
}
