// One scheduler process for the multi-process test: fires what is due at the given
// moment against the given database, prints its report as JSON, and exits.
import { ManualClock } from '../../engine/clock.js';
import { Engine } from '../../engine/runner/engine.js';
import { openDatabase } from '../../engine/store/db.js';
import { Scheduler } from '../../engine/timers/scheduler.js';

const [url, now] = process.argv.slice(2);
if (!url || !now) throw new Error('usage: scheduler-process.ts DATABASE_URL ISO_TIME');
const database = await openDatabase({ url, migrate: false, max: 4 });
const engine = new Engine({ database, clock: new ManualClock(now) });
// Small claims and batches so the two processes interleave.
const report = await new Scheduler(engine, { claim: 5, batchSize: 50 }).runDue();
console.log(JSON.stringify(report));
await database.close();
