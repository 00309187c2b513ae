// The API test fixture: a database with 吕梁市 and 石柱县 imported, the three shipped
// definitions published, three campaigns launched on a manual clock, users of every
// role at a city, a county, a township and their siblings, and the app over it all.
import { sql } from 'drizzle-orm';
import { createApp, type AppOptions } from '../../api/app.js';
import { readDefinitionFile, DEMO_DEFINITIONS } from '../../engine/index.js';
import type { Role } from '../../definitions/language/schema.js';
import { ManualClock } from '../../engine/clock.js';
import { importJurisdictions } from '../../engine/jurisdictions/import.js';
import { Engine } from '../../engine/runner/engine.js';
import { dbOf, query, type Db } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import type { TestDatabase } from '../support/databases.js';

/** Codes the tests use: a city, a county in it and its sibling, a township in it and its sibling. */
export const CITY = '1411'; // 吕梁市
export const COUNTY = '141181'; // 孝义市
export const SIBLING_COUNTY = '141102'; // 离石区
export const TOWN = '141181100'; // 兑镇镇
export const SIBLING_TOWN = '141181101'; // 阳泉曲镇
export const OTHER_COUNTY = '500240'; // 石柱县 (another province)
export const ZHONGYI = '500240213'; // 中益乡

/** The clock starts the day after launch, so no deadline is due until a test moves it. */
export const LAUNCH_DATE = '2023-07-01';
export const START = '2023-07-02T02:00:00.000Z';

/** Users, by key: `<role>@<where>`. Each token is `token-<key>`. */
export const USERS: Record<string, { role: Role; code: string }> = {
  'admin@province': { role: 'admin', code: '14' },
  'admin@city': { role: 'admin', code: CITY },
  'official@city': { role: 'official', code: CITY },
  'inspector@city': { role: 'inspector', code: CITY },
  'viewer@city': { role: 'viewer', code: CITY },
  'admin@county': { role: 'admin', code: COUNTY },
  'official@county': { role: 'official', code: COUNTY },
  'inspector@county': { role: 'inspector', code: COUNTY },
  'viewer@county': { role: 'viewer', code: COUNTY },
  'official@sibling-county': { role: 'official', code: SIBLING_COUNTY },
  'admin@town': { role: 'admin', code: TOWN },
  'official@town': { role: 'official', code: TOWN },
  'inspector@town': { role: 'inspector', code: TOWN },
  'viewer@town': { role: 'viewer', code: TOWN },
  'official@sibling-town': { role: 'official', code: SIBLING_TOWN },
  'inspector@shizhu': { role: 'inspector', code: OTHER_COUNTY },
  'official@zhongyi': { role: 'official', code: ZHONGYI },
};

export const tokenOf = (key: string) => `token-${key}`;

export type Fixture = {
  engine: Engine;
  clock: ManualClock;
  app: ReturnType<typeof createApp>;
  /** Campaign ids: consolidation action and special rectification on 1411, canteen notice on 中益乡. */
  campaigns: { consolidation: number; special: number; canteen: number };
  /** `app.request` as a user (key of USERS, or null for no token); `body` is sent as JSON. */
  call: (user: string | null, method: string, path: string, init?: { body?: unknown; raw?: string; headers?: Record<string, string> }) => Promise<Response>;
  /** The instance id of a campaign at a code. */
  instanceId: (campaignId: number, code: string) => Promise<number>;
};

export async function setupFixture(t: TestDatabase, options: Partial<AppOptions> = {}): Promise<Fixture> {
  const clock = new ManualClock(START);
  const engine = new Engine({ database: t.database, clock });
  await importJurisdictions(t.db, { root: CITY });
  await importJurisdictions(t.db, { root: OTHER_COUNTY });
  for (const id of DEMO_DEFINITIONS) await engine.publishDefinition(await readDefinitionFile(id), 'fixture', { owner: CITY });
  const consolidation = (await engine.launch({ definitionId: 'drug-safety-consolidation-action', rootCode: CITY, launchDate: LAUNCH_DATE, actor: 'fixture' })).campaignId;
  const special = (await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: CITY, launchDate: LAUNCH_DATE, actor: 'fixture' })).campaignId;
  const canteen = (await engine.launch({ definitionId: 'canteen-rectification-notice', rootCode: ZHONGYI, launchDate: LAUNCH_DATE, actor: 'fixture' })).campaignId;
  for (const [key, u] of Object.entries(USERS)) await engine.users.create('system', { name: key, role: u.role, jurisdictionCode: u.code, token: tokenOf(key) });
  const app = createApp({ engine, rateLimit: false, streamPollMs: 50, ...options });
  const call: Fixture['call'] = (user, method, path, init = {}) => {
    const headers: Record<string, string> = { ...(user ? { authorization: `Bearer ${tokenOf(user)}` } : {}), ...init.headers };
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) headers['content-type'] ??= 'application/json';
    return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };
  const instanceId = async (campaignId: number, code: string) => {
    const row = await store.findInstance(dbOf(engine.database), campaignId, code);
    if (!row) throw new Error(`no instance of campaign ${campaignId} at ${code}`);
    return row.id;
  };
  return { engine, clock, app, campaigns: { consolidation, special, canteen }, call, instanceId };
}

/** What a bad request must not change: row counts and the sum of instance versions. */
export async function databaseState(db: Db): Promise<Record<string, number>> {
  const [row] = await query<Record<string, unknown>>(
    db,
    sql`select (select count(*) from events) as events, (select count(*) from campaigns) as campaigns, (select count(*) from instances) as instances,
               (select coalesce(sum(version), 0) from instances) as versions, (select count(*) from definitions) as definitions,
               (select count(*) from outbox) as outbox, (select count(*) from timers) as timers, (select count(*) from users) as users,
               (select count(*) from api_idempotency) as idempotency`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** A valid leading group for the special rectification: its roles, and a liaison from each member unit. */
export const LEADING_GROUP = {
  type: 'FORM_LEADING_GROUP',
  members: [
    { role: 'leader', name: '王组长' },
    { role: 'deputy-leader', name: '李副组长' },
    { role: 'member', name: '张成员' },
    { role: 'office-director', name: '赵主任' },
    ...['drug-regulator', 'health', 'industry-commerce', 'culture-media', 'family-planning', 'prices', 'public-security', 'postal', 'economic-commission', 'development-reform'].map(
      (unit, i) => ({ role: 'liaison', name: `联络员${i + 1}`, unit }),
    ),
  ],
};

/** The body of a problem response, checked to be one. */
export async function problemOf(res: Response): Promise<{ type: string; title: string; status: number; detail: string; code: string; issues?: { path: (string | number)[]; message: string }[]; allowed?: string[]; version?: number }> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`not a problem response (${res.status} ${type}): ${await res.text()}`);
  const body = (await res.json()) as Awaited<ReturnType<typeof problemOf>>;
  if (body.status !== res.status) throw new Error(`problem status ${body.status} differs from HTTP ${res.status}`);
  return body;
}
