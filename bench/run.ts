// Benchmarks on a real Postgres server, each figure beside a raw-SQL baseline run in
// the same process: launch of the national township tree vs COPY of the same rows;
// events/s through send at 1, 4 and 16 concurrent senders vs raw transactions doing
// the same writes; roll-up read latency for a city and the nation; the engine's
// memory with every instance live. `npm run bench` (DATABASE_URL, default the local
// server); it creates and drops its own database.
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { Engine, ManualClock, NATION_CODE, openDatabase, Scheduler } from '../engine/index.js';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const NAME = 'ce_bench';

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const lines: string[] = [];
function report(line: string): void {
  lines.push(line);
  console.log(line);
}

global.gc?.();
const heapAtStart = process.memoryUsage().heapUsed;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${NAME} with (force)`);
await admin.unsafe(`create database ${NAME}`);
const database = await openDatabase({ url: dbUrl(NAME), max: 20 });
const clock = new ManualClock('2024-02-01T09:00:00+08:00');
const engine = new Engine({ database, clock });
const raw = postgres(dbUrl(NAME), { max: 20, onnotice: () => {} });

try {
  // ---------------------------------------------------------------- setup
  let t = performance.now();
  const imported = await engine.jurisdictions.import({ all: true });
  report(`import: ${JSON.stringify(imported)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // The special rectification, launched by the nation down to every township.
  const def = JSON.parse(readFileSync(new URL('../definitions/drug-safety-special-rectification.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const national = { ...def, id: 'national-special-rectification', levels: { participating: ['nation', 'province', 'city', 'county', 'township'], launchedBy: 'nation' } };
  await engine.publishDefinition(national, 'bench');

  // ---------------------------------------------------------------- launch
  t = performance.now();
  const launched = await engine.launch({ definitionId: 'national-special-rectification', rootCode: NATION_CODE, launchDate: '2024-02-01', actor: 'bench' });
  const launchMs = performance.now() - t;

  const copyMs = await copyBaseline(launched.campaignId);
  report(
    `launch: ${launched.instances} instances (${JSON.stringify(launched.byLevel)}) in ${(launchMs / 1000).toFixed(2)} s; raw COPY of the same rows ${(copyMs / 1000).toFixed(2)} s; ratio ${(launchMs / copyMs).toFixed(2)}× (goal ≤ 2×)`,
  );

  // ---------------------------------------------------------------- send throughput
  const townships = (await raw`select id from instances where campaign_id = ${launched.campaignId} and level = 'township' order by id`).map((r) => Number(r.id));
  const [size] = await raw`select avg(length(snapshot::text))::int as bytes from instances where campaign_id = ${launched.campaignId} and level = 'township'`;
  let cursor = 0;
  const nextTownship = () => townships[cursor++ % townships.length]!;

  async function engineRate(senders: number): Promise<number> {
    const e = new Engine({ database, clock, maxInFlight: Math.min(4, senders) });
    let done = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: senders }, async (_, i) => {
        while (performance.now() < until) {
          await e.send(nextTownship(), { type: 'COMMEND', note: `bench ${i}` }, { actor: 'bench' });
          done += 1;
        }
      }),
    );
    return done / SECONDS;
  }

  // The same writes in raw SQL on copies of the tables (so the engine's own rows stay
  // intact): lock the row, update its snapshot and summary, append the event.
  await raw.unsafe(`create table raw_instances (like instances including all); insert into raw_instances select * from instances where campaign_id = ${launched.campaignId} and level = 'township'`);
  await raw.unsafe('create table raw_events (like events including all)');
  const blob = JSON.stringify({ pad: 'x'.repeat(Number(size!.bytes)) });
  async function rawRate(senders: number): Promise<number> {
    let done = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (performance.now() < until) {
          const id = nextTownship();
          await raw.begin(async (tx) => {
            const [row] = await tx<{ version: number; campaign_id: string }[]>`select version, campaign_id from raw_instances where id = ${id} for update`;
            const version = Number(row!.version) + 1;
            await tx`update raw_instances set snapshot = ${blob}::text::jsonb, version = ${version}, health = 'green', updated_at = now() where id = ${id}`;
            await tx`insert into raw_events (instance_id, campaign_id, seq, type, payload, actor, at, result)
                     values (${id}, ${row!.campaign_id}, ${version}, 'RAW', ${blob}::text::jsonb, 'bench', now(), '{}'::jsonb)`;
          });
          done += 1;
        }
      }),
    );
    return done / SECONDS;
  }

  for (const senders of [1, 4, 16]) {
    const rawEps = await rawRate(senders);
    const before = engine.committer.stats.batches;
    const eps = await engineRate(senders);
    report(
      `send, ${String(senders).padStart(2)} senders: ${eps.toFixed(0)} events/s; raw transactions ${rawEps.toFixed(0)}/s; ratio ${(eps / rawEps).toFixed(2)} (snapshot ≈ ${size!.bytes} B; ${SECONDS} s each)${senders === 16 ? ' (goal ≥ 0.6)' : ''}`,
    );
    void before;
  }

  // ---------------------------------------------------------------- roll-up reads
  const subject = { campaign: await engine.campaign(launched.campaignId), definition: (await engine.compiledForCampaign(launched.campaignId)).definition };
  for (const [label, code, goal] of [
    ['city 吕梁市 1411', '1411', 50],
    ['nation', NATION_CODE, 200],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      await engine.campaigns.rollup(subject, code);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    report(`roll-up read, ${label}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms over 40 reads (goal p95 < ${goal} ms)`);
  }

  // ---------------------------------------------------------------- memory
  // Fire the end of the first phase to every instance (44,704 deliveries, each one a
  // restore, a transition and a write) and see that the process keeps none of them.
  global.gc?.();
  const heapBefore = process.memoryUsage();
  clock.set('2024-03-01T00:00:01+08:00');
  t = performance.now();
  const fired = await new Scheduler(engine).runDue();
  const fireMs = performance.now() - t;
  global.gc?.();
  const heapAfter = process.memoryUsage();
  report(
    `memory: ${launched.instances} live instances; deadlines delivered ${fired.delivered} (${fired.timers} timers) in ${(fireMs / 1000).toFixed(1)} s = ${(fired.delivered / (fireMs / 1000)).toFixed(0)} deliveries/s; heap at start ${mb(heapAtStart)}, before firing ${mb(heapBefore.heapUsed)}, after ${mb(heapAfter.heapUsed)}; rss ${mb(heapAfter.rss)}`,
  );
} finally {
  await raw.end();
  await database.close();
  if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${NAME} with (force)`);
  await admin.end();
}

/** Baseline: COPY the very rows a launch wrote into a table of the same shape; its time in ms. */
async function copyBaseline(campaignId: number): Promise<number> {
  // Same columns, defaults and indexes as instances (foreign keys are not copied by LIKE).
  await raw.unsafe('create table copy_target (like instances including all)');
  const rows = await raw`select * from instances where campaign_id = ${campaignId}`;
  const columns = Object.keys(rows[0]!);
  const escape = (v: unknown): string => {
    if (v === null || v === undefined) return '\\N';
    const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
    return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  };
  const text = rows.map((r) => columns.map((c) => escape(r[c])).join('\t')).join('\n') + '\n';
  const t = performance.now();
  const stream = await raw.unsafe(`copy copy_target (${columns.map((c) => `"${c}"`).join(',')}) from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(text);
  });
  const copyMs = performance.now() - t;
  await raw.unsafe('drop table copy_target');
  return copyMs;
}

console.log('\nsummary');
for (const l of lines) console.log(`  ${l}`);
