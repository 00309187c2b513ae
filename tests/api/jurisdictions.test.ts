// /api/jurisdictions: browsing and searching the tree, scoped to the caller's subtree and its breadcrumbs.
import { beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.js';
import { CITY, COUNTY, problemOf, setupFixture, SIBLING_COUNTY, TOWN, type Fixture } from './fixture.js';

type Node = { code: string; name: string; level: string; parentCode: string | null; childCount: number };

forEachDatabase('api jurisdictions', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  const items = async (res: Response) => {
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Node[] }).items;
  };

  it('shows a city user the top of the tree as the one path down to its city, counting only that child', async () => {
    let top = await items(await f.call('viewer@city', 'GET', '/api/jurisdictions'));
    // The nation row, when the importer provides it, is the top; else the provinces.
    if (top[0]?.code === '100000') top = await items(await f.call('viewer@city', 'GET', '/api/jurisdictions?parent=100000'));
    expect(top).toEqual([{ code: '14', name: '山西省', level: 'province', parentCode: top[0]!.parentCode, childCount: 1 }]);
    const cities = await items(await f.call('viewer@city', 'GET', '/api/jurisdictions/14/children'));
    expect(cities.map((c) => c.code)).toEqual([CITY]);
    expect(cities[0]!.childCount).toBe(13);
  });

  it('lists the 13 counties of 吕梁市 to a city user', async () => {
    const counties = await items(await f.call('viewer@city', 'GET', `/api/jurisdictions?parent=${CITY}`));
    expect(counties).toHaveLength(13);
    expect(counties.find((c) => c.code === COUNTY)).toMatchObject({ name: '孝义市', childCount: 16 });
  });

  it('shows a jurisdiction with breadcrumbs and children, and its ancestors top first', async () => {
    const res = await f.call('viewer@county', 'GET', `/api/jurisdictions/${COUNTY}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as { jurisdiction: Node; breadcrumbs: Node[]; children: Node[] };
    expect(view.jurisdiction.name).toBe('孝义市');
    expect(view.breadcrumbs.map((b) => b.code).slice(-3)).toEqual(['14', CITY, COUNTY]);
    expect(view.children).toHaveLength(16);
    const up = await items(await f.call('viewer@town', 'GET', `/api/jurisdictions/${TOWN}/ancestors`));
    expect(up.map((b) => b.code).slice(-4)).toEqual(['14', CITY, COUNTY, TOWN]);
  });

  it('refuses a county user the children of its sibling county and of its city shows it only itself', async () => {
    expect((await problemOf(await f.call('viewer@county', 'GET', `/api/jurisdictions/${SIBLING_COUNTY}/children`))).status).toBe(403);
    expect((await problemOf(await f.call('viewer@county', 'GET', `/api/jurisdictions/${SIBLING_COUNTY}`))).code).toBe('forbidden');
    const underCity = await items(await f.call('viewer@county', 'GET', `/api/jurisdictions/${CITY}/children`));
    expect(underCity.map((c) => c.code)).toEqual([COUNTY]);
  });

  it('searches by name and by code prefix, within the caller’s jurisdiction only', async () => {
    const byName = await items(await f.call('viewer@city', 'GET', `/api/jurisdictions/search?q=${encodeURIComponent('孝义')}`));
    expect(byName[0]).toMatchObject({ code: COUNTY, name: '孝义市', path: ['山西省', '吕梁市'] });
    const byCode = await items(await f.call('viewer@city', 'GET', '/api/jurisdictions/search?q=1411811&limit=5'));
    expect(byCode).toHaveLength(5);
    expect(byCode.every((h) => h.code.startsWith('1411811'))).toBe(true);
    // 石柱县 exists in the database, but not in a 吕梁市 user's world.
    expect(await items(await f.call('viewer@city', 'GET', `/api/jurisdictions/search?q=${encodeURIComponent('石柱')}`))).toEqual([]);
    const fromTown = await items(await f.call('viewer@town', 'GET', '/api/jurisdictions/search?q=141181'));
    expect(fromTown.map((h) => h.code)).toEqual([TOWN]);
  });

  it('answers 422 for a bad code or an empty search and 404 for an unknown code', async () => {
    const bad = await problemOf(await f.call('viewer@city', 'GET', '/api/jurisdictions/abc'));
    expect(bad.status).toBe(422);
    expect(bad.issues?.[0]?.path).toEqual(['path', 'code']);
    expect((await problemOf(await f.call('viewer@city', 'GET', '/api/jurisdictions/search?q='))).status).toBe(422);
    expect((await problemOf(await f.call('viewer@city', 'GET', '/api/jurisdictions/141199'))).status).toBe(404);
  });
});
