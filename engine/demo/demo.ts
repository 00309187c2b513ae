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

export type DemoCampaign = { campaignId: number; definitionId: string; rootCode: string; launchDate: string };

/**
 * Seed the demo into an empty database: import 吕梁市 (1411) and 石柱县 (500240),
 * publish the definitions, launch the consolidation action on 1411 from 2023-07-01,
 * the special rectification on 1411 four months ago (mid-way through its eight, its
 * past simulated), the canteen rectification notice on 中益乡 today, and create the
 * demo users.
 */
export async function seedDemo(engine: Engine, secret: string): Promise<DemoCampaign[]> {
  await engine.jurisdictions.import({ root: '1411' });
  await engine.jurisdictions.import({ root: '500240' });
  // The demo's city owns the shipped definitions: its admin may publish their next versions.
  for (const id of DEMO_DEFINITIONS) await engine.publishDefinition(await readDefinitionFile(id), 'demo', { owner: '1411' });
  const today = shanghaiDate(engine.now());
  const campaigns: DemoCampaign[] = [];
  const launch = async (l: Omit<DemoCampaign, 'campaignId'>) => {
    const r = await engine.launch({ ...l, actor: 'demo' });
    campaigns.push({ campaignId: r.campaignId, ...l });
  };
  await launch({ definitionId: 'drug-safety-consolidation-action', rootCode: '1411', launchDate: '2023-07-01' });
  // The special rectification has run for four of its eight months: its past is
  // simulated day by day (seeded random progress, the real deadlines), up to yesterday,
  // so the demo shows a campaign mid-way, with leaders and laggards.
  const special = { definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: addMonths(today, -4) };
  const simulated = await simulate({
    definition: await readDefinitionFile(special.definitionId),
    root: special.rootCode,
    launchDate: special.launchDate,
    until: addDays(today, -1),
    seed: 42,
    database: engine.database,
  });
  campaigns.push({ campaignId: simulated.campaignId, ...special });
  await launch({ definitionId: 'canteen-rectification-notice', rootCode: '500240213', launchDate: today });
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
