// The administrative tree as the engine's callers see it: one jurisdiction, its
// children, its breadcrumbs, search, and the import from the real division data.
import type { Db } from '../store/db.js';
import { countJurisdictions, getJurisdiction, type JurisdictionHit, type JurisdictionNode, type JurisdictionRow } from '../store/store.js';
import { importJurisdictions, type ImportOptions, type ImportProgress, type ImportResult } from './import.js';
import { breadcrumbsOf, childrenOf, searchJurisdictions, showJurisdiction, type JurisdictionView, type SearchQuery } from './search.js';

export class Jurisdictions {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** One jurisdiction, or undefined when it is not imported. */
  get(code: string): Promise<JurisdictionRow | undefined> {
    return getJurisdiction(this.#db, code);
  }

  /** The children of a jurisdiction, by code; without a code, the top of the tree. */
  children(code?: string): Promise<JurisdictionNode[]> {
    return childrenOf(this.#db, code);
  }

  /** A jurisdiction and its ancestors, the top first; empty when unknown. */
  breadcrumbs(code: string): Promise<JurisdictionRow[]> {
    return breadcrumbsOf(this.#db, code);
  }

  /** One jurisdiction with its breadcrumbs and children (`not_found` when not imported). */
  show(code: string): Promise<JurisdictionView> {
    return showJurisdiction(this.#db, code);
  }

  /** By name substring or code prefix, best first. */
  search(q: SearchQuery): Promise<JurisdictionHit[]> {
    return searchJurisdictions(this.#db, q);
  }

  /** Import a subtree (with its ancestors) or the whole country from the division data; safe to repeat. */
  import(options: ImportOptions, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
    return importJurisdictions(this.#db, options, onProgress);
  }

  /** Imported jurisdictions per level, under `root` or everywhere. */
  count(root?: string): Promise<Record<string, number>> {
    return countJurisdictions(this.#db, root);
  }
}
