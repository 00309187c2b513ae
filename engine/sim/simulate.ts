// `campaign simulate`: run a campaign in virtual time on an embedded database with
// seeded random progress, firing the real deadlines through the real scheduler, and
// sample the roll-up as it goes, so an admin can preview a definition before launch.
import { endOfDay, addDays, compareDates, shanghaiDate, startOfDay } from '../../definitions/language/dates.js';
import { ManualClock } from '../clock.js';
import { EngineError } from '../errors.js';
import { importJurisdictions } from '../jurisdictions/import.js';
import { rollup, type Rollup } from '../rollup/rollup.js';
import { Engine } from '../runner/engine.js';
import { dbOf, openDatabase, type Database } from '../store/db.js';
import * as store from '../store/store.js';
import { Scheduler } from '../timers/scheduler.js';
import { plan, review } from './policy.js';

export type SimulateOptions = {
  definition: unknown;
  root: string;
  launchDate: string;
  until: string;
  seed: number;
  /** Sample the roll-up every this many days (and on the last day). */
  every?: number;
  onSample?: (date: string, r: Rollup) => void;
  /** Use this database instead of a fresh in-memory PGlite. */
  database?: Database;
};

export type SimulateResult = {
  campaignId: number;
  instances: number;
  events: number;
  refused: number;
  /** Refusals by event type and the first reason's code, e.g. `REVIEW: indicator-below-target`. */
  refusals: Record<string, number>;
  timers: number;
  final: Rollup;
};

export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const database = options.database ?? (await openDatabase());
  const clock = new ManualClock(startOfDay(options.launchDate));
  const engine = new Engine({ database, clock });
  const db = dbOf(database);
  const scheduler = new Scheduler(engine);
  const every = options.every ?? 30;
  try {
    await importJurisdictions(db, { root: options.root });
    const published = await engine.publishDefinition(options.definition, 'simulator');
    const launched = await engine.launch({ definitionId: published.id, definitionVersion: published.version, rootCode: options.root, launchDate: options.launchDate, actor: 'simulator' });
    const { definition: def } = await engine.compiledForCampaign(launched.campaignId);
    const subject = { campaign: await engine.campaign(launched.campaignId), definition: def };

    let events = 0;
    let refused = 0;
    const refusals: Record<string, number> = {};
    let timers = 0;
    let day = options.launchDate;
    for (let n = 0; compareDates(day, options.until) <= 0; n++, day = addDays(day, 1)) {
      // Working hours: the jurisdictions act, lowest level first, all at once.
      clock.set(new Date(Date.parse(startOfDay(day)) + 9 * 3600_000));
      const instances = await store.campaignInstances(db, launched.campaignId);
      const sends: Promise<unknown>[] = [];
      for (const inst of instances) {
        if (inst.snapshot.status !== 'active') continue;
        const ctx = inst.snapshot.context;
        const planned = plan(def, ctx, day, options.seed);
        // The level above reviews what awaits its review (acceptance, re-inspection).
        if (inst.summary.standing === 'awaiting-review') {
          const verdict = review(def, ctx, shanghaiDate(inst.updatedAt), day, options.seed);
          if (verdict) planned.push(verdict);
        }
        if (planned.length === 0) continue;
        sends.push(
          (async () => {
            // One instance's events in order; instances side by side.
            for (const p of planned) {
              try {
                await engine.send(inst.id, p.event, { actor: `simulated-${p.role}` });
                events += 1;
              } catch (e) {
                if (!(e instanceof EngineError) || (e.code !== 'event_not_accepted' && e.code !== 'invalid')) throw e;
                refused += 1;
                const reasons = e.details.reasons as { code: string }[] | undefined;
                const why = `${String(p.event.type)}: ${reasons?.[0]?.code ?? e.code}`;
                refusals[why] = (refusals[why] ?? 0) + 1;
              }
            }
          })(),
        );
      }
      await Promise.all(sends);
      // Midnight: every deadline of the day fires.
      clock.set(endOfDay(day));
      timers += (await scheduler.runDue()).delivered;
      if (n % every === every - 1 || day === options.until) options.onSample?.(day, await rollup(db, subject));
    }
    return { campaignId: launched.campaignId, instances: launched.instances, events, refused, refusals, timers, final: await rollup(db, subject) };
  } finally {
    if (!options.database) await database.close();
  }
}
