// The demo a fresh `npm start` shows: the real 吕梁市 and 石柱县 trees, the three
// shipped definitions, three campaigns launched, and a user per role. Demo tokens are
// derived from a secret (HMAC), so the server can print them again after a restart
// while the database keeps only their hashes.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { addDays, addMonths } from '../../definitions/language/dates.js';
import type { Role } from '../../definitions/language/schema.js';
import { shanghaiDate } from '../../definitions/vocabulary.js';
import type { Engine } from '../runner/engine.js';
import { simulate } from '../sim/simulate.js';
import { dbOf } from '../store/db.js';
import { campaignsOpenedFrom as openedFrom, findInstance } from '../store/store.js';

/** The shipped definitions, in the repository's definitions/ folder. */
export const DEMO_DEFINITIONS = ['drug-safety-consolidation-action', 'drug-safety-special-rectification', 'canteen-rectification-notice'] as const;

export type DemoUser = { key: string; name: string; role: Role; code: string; what: string };

/** Who the demo lets you be. */
export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'city-admin', name: '吕梁市市场监管局管理员', role: 'admin', code: '1411', what: 'city admin, 吕梁市' },
  { key: 'county-official', name: '孝义市市场监管局', role: 'official', code: '141181', what: 'county official, 孝义市' },
  { key: 'township-official', name: '兑镇镇市场监管所', role: 'official', code: '141181100', what: 'township official, 兑镇镇 (孝义市)' },
  { key: 'city-inspector', name: '吕梁市督查组', role: 'inspector', code: '1411', what: 'inspector, 吕梁市 (inspects its counties and townships)' },
  { key: 'viewer', name: '吕梁市观察员', role: 'viewer', code: '1411', what: 'viewer, 吕梁市 (reads only)' },
  { key: 'zhongyi-official', name: '中益乡人民政府', role: 'official', code: '500240213', what: 'township official, 中益乡 (canteen rectification notice)' },
  { key: 'shizhu-inspector', name: '石柱县市场监管局', role: 'inspector', code: '500240', what: 'county inspector, 石柱县 (re-inspects 中益乡)' },
];

/** A demo user's token: HMAC-SHA256 of its key under the secret. */
export function demoToken(secret: string, key: string): string {
  return `ce_demo_${createHmac('sha256', secret).update(`demo-user:${key}`).digest('base64url')}`;
}

/** A definition file of the repository, parsed. */
export async function readDefinitionFile(id: string): Promise<unknown> {
  return JSON.parse(await readFile(fileURLToPath(new URL(`../../definitions/${id}.json`, import.meta.url)), 'utf8'));
}

export type DemoCampaign = { campaignId: number; definitionId: string; rootCode: string; launchDate: string; note: string };

/** What the 石柱县 inspection of 中益乡 found: a notice opens on it the next day (seed 000, the 中益乡 plan). */
export const DEMO_FINDINGS = [
  { text: '乡食品药品安全办公室对食品药品单位每月一次的检查记录不全', unit: 'township-food-drug-safety-office', item: 'monthly-inspection-records' },
  { text: '盐井小学食堂消除老鼠、蟑螂、苍蝇的防护措施不到位，通风排烟装置不足', unit: 'yanjing-primary-school-canteen', item: 'hygiene-pests-disinfection-ventilation' },
  {
    text: '中益乡场镇一家农家乐未取得餐饮服务许可证从事餐饮服务',
    unit: { id: 'zhongyi-farmhouse-restaurant', kind: 'catering-unit', title: '中益乡场镇农家乐' },
    item: 'business-licence',
  },
] as const;

/**
 * Seed the demo into an empty database: import 吕梁市 (1411) and 石柱县 (500240) with
 * their ancestors, publish the definitions, and let three campaigns run their past in
 * simulated time (seeded random progress, the real deadlines through the real
 * scheduler), so every screen shows what a campaign in use shows:
 *
 * - the consolidation action on 吕梁市, 2023-07-01 to its end: concluded and closed;
 * - the special rectification on 吕梁市, launched four months ago, up to yesterday:
 *   mid-way, with leaders and laggards;
 * - the special rectification on 重庆市's 县 group (only 石柱县 imported), launched on the
 *   same day: nine days ago the 石柱县 bureau inspected 中益乡, and its findings opened
 *   the canteen rectification notice there from the next day. The unlicensed catering
 *   unit missed its five days: a suspend-business notice, and the matter reported up to
 *   石柱县.
 */
export async function seedDemo(engine: Engine, secret: string): Promise<DemoCampaign[]> {
  await engine.jurisdictions.import({ root: '1411' });
  await engine.jurisdictions.import({ root: '500240' });
  // The demo's city owns the shipped definitions: its admin may publish their next versions.
  for (const id of DEMO_DEFINITIONS) await engine.publishDefinition(await readDefinitionFile(id), 'demo', { owner: '1411' });
  const today = shanghaiDate(engine.now());
  const yesterday = addDays(today, -1);
  const campaigns: DemoCampaign[] = [];
  const run = async (c: Omit<DemoCampaign, 'campaignId'>, until: string, script?: Parameters<typeof simulate>[0]['script']) => {
    const r = await simulate({ definition: await readDefinitionFile(c.definitionId), root: c.rootCode, launchDate: c.launchDate, until, seed: 42, database: engine.database, importTree: false, ...(script ? { script } : {}) });
    campaigns.push({ campaignId: r.campaignId, ...c, note: `${c.note}: ${r.instances} instances, ${r.events} events` });
    return r;
  };
  await run({ definitionId: 'drug-safety-consolidation-action', rootCode: '1411', launchDate: '2023-07-01', note: 'run to its end, closed' }, '2024-12-31');
  const launchDate = addMonths(today, -4);
  await run({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate, note: 'four months in' }, yesterday);
  const inspected = addDays(today, -9);
  const chongqing = await run({ definitionId: 'drug-safety-special-rectification', rootCode: '5002', launchDate, note: `four months in; 石柱县 inspected 中益乡 on ${inspected}` }, yesterday, [
    {
      day: inspected,
      run: async (e, campaignId) => {
        const zhongyi = await findInstance(dbOf(e.database), campaignId, '500240213');
        if (!zhongyi) throw new Error('the demo needs 中益乡 (500240213) in 石柱县');
        await e.send(zhongyi.id, { type: 'INSPECT', findings: DEMO_FINDINGS, openRectification: { definition: 'canteen-rectification-notice' } }, { actor: '石柱县市场监管局' });
      },
    },
  ]);
  for (const id of await openedFrom(dbOf(engine.database), [chongqing.campaignId])) {
    const c = await engine.campaign(id);
    campaigns.push({ campaignId: id, definitionId: c.definitionId, rootCode: c.rootCode, launchDate: c.launchDate, note: `opened by the inspection of ${inspected}` });
  }
  for (const u of DEMO_USERS) await engine.users.create('system', { name: u.name, role: u.role, jurisdictionCode: u.code, token: demoToken(secret, u.key) });
  return campaigns;
}

/** Is the database empty of what the demo creates (no definitions, no users)? */
export async function isEmpty(engine: Engine): Promise<boolean> {
  return (await engine.listDefinitions()).length === 0 && (await engine.users.count()) === 0;
}

/** The demo users whose derived token is still valid in this database, with the token. */
export async function demoLogins(engine: Engine, secret: string): Promise<(DemoUser & { token: string })[]> {
  const out: (DemoUser & { token: string })[] = [];
  for (const u of DEMO_USERS) {
    const token = demoToken(secret, u.key);
    if (!('refused' in (await engine.users.authenticateToken(token)))) out.push({ ...u, token });
  }
  return out;
}
