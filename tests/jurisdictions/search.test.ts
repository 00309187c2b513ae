// Browsing and searching the imported tree (山西省 and 石柱县), on PGlite and on Postgres.
import { beforeAll, expect, it } from 'vitest';
import { importJurisdictions } from '../../engine/jurisdictions/import.js';
import { breadcrumbsOf, childrenOf, searchJurisdictions, showJurisdiction } from '../../engine/jurisdictions/search.js';
import { forEachDatabase } from '../support/databases.js';

forEachDatabase('browse and search jurisdictions', (t) => {
  beforeAll(async () => {
    await importJurisdictions(t.db, { root: '14' });
    await importJurisdictions(t.db, { root: '500240' });
  });

  it('starts the tree at the nation, whose children are the imported provinces', async () => {
    expect((await childrenOf(t.db)).map((c) => [c.code, c.name, c.childCount])).toEqual([['100000', '中华人民共和国', 2]]);
    expect((await childrenOf(t.db, '100000')).map((c) => [c.code, c.name, c.childCount])).toEqual([
      ['14', '山西省', 11],
      ['50', '重庆市', 1],
    ]);
  });

  it('lists the 13 counties of 吕梁市 by code, each with its number of townships', async () => {
    const counties = await childrenOf(t.db, '1411');
    expect(counties).toHaveLength(13);
    expect(counties.map((c) => c.code)).toEqual([...counties.map((c) => c.code)].sort());
    expect(counties.find((c) => c.code === '141181')).toEqual({ code: '141181', name: '孝义市', level: 'county', parentCode: '1411', childCount: 16 });
    expect(counties.reduce((n, c) => n + c.childCount, 0)).toBe(154);
  });

  it('lists no children under a township or an unknown code', async () => {
    expect(await childrenOf(t.db, '141181001')).toEqual([]);
    expect(await childrenOf(t.db, '9999')).toEqual([]);
  });

  it('gives the breadcrumbs of a township from the nation down to itself', async () => {
    expect((await breadcrumbsOf(t.db, '500240213')).map((j) => `${j.name} ${j.code}`)).toEqual([
      '中华人民共和国 100000',
      '重庆市 50',
      '县 5002',
      '石柱土家族自治县 500240',
      '中益乡 500240213',
    ]);
    expect(await breadcrumbsOf(t.db, '9999')).toEqual([]);
  });

  it('finds 孝义市 by part of its name, before the township 孝义镇, each with its ancestors', async () => {
    const hits = await searchJurisdictions(t.db, { text: '孝义' });
    expect(hits.map((h) => [h.code, h.name, h.path])).toEqual([
      ['141181', '孝义市', ['山西省', '吕梁市']],
      ['141121106', '孝义镇', ['山西省', '吕梁市', '文水县']],
    ]);
  });

  it('puts an exact name first, ahead of names that merely contain it', async () => {
    const hits = await searchJurisdictions(t.db, { text: '中益乡' });
    expect(hits[0]?.code).toBe('500240213');
  });

  it('searches by code prefix when the text is digits, higher levels first', async () => {
    const hits = await searchJurisdictions(t.db, { text: '141181', limit: 200 });
    expect(hits).toHaveLength(17);
    expect(hits[0]?.code).toBe('141181');
    expect(hits.every((h) => h.code.startsWith('141181'))).toBe(true);
  });

  it('searches only within a subtree when asked', async () => {
    const everywhere = await searchJurisdictions(t.db, { text: '镇', limit: 200 });
    const inShizhu = await searchJurisdictions(t.db, { text: '镇', within: '500240', limit: 200 });
    expect(inShizhu.length).toBeGreaterThan(0);
    expect(inShizhu.length).toBeLessThan(everywhere.length);
    expect(inShizhu.every((h) => h.code.startsWith('500240'))).toBe(true);
  });

  it('returns at most limit hits and caps the limit at 200', async () => {
    expect(await searchJurisdictions(t.db, { text: '14', limit: 5 })).toHaveLength(5);
    expect((await searchJurisdictions(t.db, { text: '14', limit: 10_000 })).length).toBe(200);
  });

  it('treats % and _ in the text literally rather than as wildcards', async () => {
    expect(await searchJurisdictions(t.db, { text: '%' })).toEqual([]);
    expect(await searchJurisdictions(t.db, { text: '_' })).toEqual([]);
  });

  it('refuses empty text and a within that is not a code', async () => {
    await expect(searchJurisdictions(t.db, { text: '  ' })).rejects.toThrow('the search text is empty');
    await expect(searchJurisdictions(t.db, { text: '镇', within: '14%' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('shows a jurisdiction with its breadcrumbs and children, and not_found for one not imported', async () => {
    const view = await showJurisdiction(t.db, '141181');
    expect(view.jurisdiction.name).toBe('孝义市');
    expect(view.breadcrumbs.map((b) => b.code)).toEqual(['100000', '14', '1411', '141181']);
    expect(view.children).toHaveLength(16);
    await expect(showJurisdiction(t.db, '1101')).rejects.toMatchObject({ code: 'not_found' });
  });
});
