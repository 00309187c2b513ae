// A small world for engine tests: the real 吕梁市 tree, the shipped definitions
// published, an engine on a manual clock.
import { readFileSync } from 'node:fs';
import { ManualClock } from '../../engine/clock.js';
import { importJurisdictions } from '../../engine/jurisdictions/import.js';
import { Engine } from '../../engine/runner/engine.js';
import type { Database } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import { dbOf } from '../../engine/store/db.js';

export const DEFINITIONS = ['drug-safety-special-rectification', 'drug-safety-consolidation-action', 'canteen-rectification-notice'] as const;

export function readDefinition(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../definitions/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** Import the divisions under these roots (idempotent). */
export async function importRoots(database: Database, roots: readonly string[]): Promise<void> {
  for (const root of roots) await importJurisdictions(dbOf(database), { root });
}

export async function createWorld(database: Database, start = '2023-07-01T00:00:00+08:00', options: { maxInFlight?: number } = {}) {
  const clock = new ManualClock(start);
  const engine = new Engine({ database, clock, ...options });
  await importRoots(database, ['1411', '500240']);
  for (const id of DEFINITIONS) await engine.publishDefinition(readDefinition(id), 'test-admin');
  return { engine, clock };
}

/** The instance id of a jurisdiction in a campaign. */
export async function instanceAt(engine: Engine, campaignId: number, code: string): Promise<number> {
  const row = await store.findInstance(dbOf(engine.database), campaignId, code);
  if (!row) throw new Error(`no instance at ${code} in campaign ${campaignId}`);
  return row.id;
}
