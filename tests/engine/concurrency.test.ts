// Concurrency on a real Postgres server: several engines (each its own connection
// pool, as separate processes would be) and two scheduler processes on one database.
// PGlite has a single connection, so these tests need the server and skip without it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../engine/clock.js';
import type { EngineError } from '../../engine/errors.js';
import { Engine } from '../../engine/runner/engine.js';
import { dbOf, openDatabase, query, type Database } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import type { RunReport } from '../../engine/timers/scheduler.js';
import { createTestDatabase } from '../support/databases.js';
import { createWorld, instanceAt } from '../support/world.js';

const url = process.env.DATABASE_URL;
const suite = url ? describe : describe.skip;

suite(`concurrency [postgres${url ? '' : ': skipped, DATABASE_URL is not set'}]`, () => {
  let test: Awaited<ReturnType<typeof createTestDatabase>>;
  let extra: Database[] = [];
  let engines: Engine[] = [];
  let campaignId: number;
  let dbUrl: string;

  beforeAll(async () => {
    test = await createTestDatabase('postgres', url);
    const { engine } = await createWorld(test.database, '2024-02-01T09:00:00+08:00');
    campaignId = (await engine.launch({ definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate: '2024-02-01', actor: 'admin' })).campaignId;
    // The test database's URL: the admin URL with the database name of the test's pool.
    const [row] = await query<{ db: string }>(dbOf(engine.database), sql`select current_database() as db`);
    const u = new URL(url!);
    u.pathname = `/${row!.db}`;
    dbUrl = u.toString();
    extra = await Promise.all([0, 1, 2, 3].map(() => openDatabase({ url: dbUrl, migrate: false, max: 4 })));
    engines = extra.map((database) => new Engine({ database, clock: new ManualClock('2024-02-01T10:00:00+08:00') }));
  });

  afterAll(async () => {
    await Promise.all(extra.map((d) => d.close()));
    await test?.drop();
  });

  it('loses no update when 16 senders in 4 engines write one instance at once', async () => {
    const id = await instanceAt(engines[0]!, campaignId, '141181001');
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => engines[i % 4]!.send(id, { type: 'COMMEND', note: `sender ${i}` }, { actor: `inspector-${i}` })),
    );
    expect(new Set(results.map((r) => r.version)).size).toBe(16);
    const row = await store.getInstance(dbOf(engines[0]!.database), id);
    expect(row?.version).toBe(16);
    expect(row?.snapshot.context.commendations).toBe(16);
    const events = await store.listEvents(dbOf(engines[0]!.database), id, 0, 100);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('lets exactly one of several writers at the same expected version win', async () => {
    const id = await instanceAt(engines[0]!, campaignId, '141181002');
    const settled = await Promise.allSettled(engines.map((e, i) => e.send(id, { type: 'COMMEND', note: `w${i}` }, { actor: 'x', expectedVersion: 0 })));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((s) => s.status === 'rejected')) expect((s.reason as EngineError).code).toBe('version_conflict');
  });

  it('applies a key retried concurrently from several engines once, and answers each with that result', async () => {
    const id = await instanceAt(engines[0]!, campaignId, '141181003');
    const results = await Promise.all(engines.map((e) => e.send(id, { type: 'COMMEND', note: 'once' }, { actor: 'x', idempotencyKey: 'same-key' })));
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([1]));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await store.listEvents(dbOf(engines[0]!.database), id, 0, 10)).length).toBe(1);
  });

  it('fires every due timer once when two scheduler processes run side by side, in order, after a downtime', async () => {
    // Nothing ran for five months: every deadline until then is due at once.
    const now = '2024-07-01T00:00:01+08:00';
    const worker = fileURLToPath(new URL('./scheduler-process.ts', import.meta.url));
    const run = () =>
      new Promise<{ timers: number; delivered: number; ignored: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, dbUrl, now], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RunReport) : reject(new Error(`scheduler exited ${code}: ${err}`))));
      });
    const reports = await Promise.all([run(), run()]);
    expect(reports.every((r) => r.timers > 0)).toBe(true);

    const db = dbOf(engines[0]!.database);
    const dupes = await query<{ n: unknown }>(
      db,
      sql`select count(*) as n from (select instance_id, idempotency_key from events where idempotency_key like 'timer:%' group by 1, 2 having count(*) > 1) d`,
    );
    expect(Number(dupes[0]!.n)).toBe(0);
    const stillDue = await query<{ n: unknown }>(db, sql`select count(*) as n from timers where status in ('pending', 'firing') and due_at <= ${now}`);
    expect(Number(stillDue[0]!.n)).toBe(0);
    // Each instance saw its deadlines in due order, whichever process delivered them.
    const disorder = await query<{ n: unknown }>(
      db,
      sql`select count(*) as n from (
            select at < lag(at) over (partition by instance_id order by seq) as back from events where actor = 'system:timer'
          ) x where back`,
    );
    expect(Number(disorder[0]!.n)).toBe(0);
    // Every county and township got the first quarter's progress report due exactly once.
    const q1 = await query<{ n: unknown }>(
      db,
      sql`select count(*) as n from events where type = 'REPORT_DUE' and payload->>'report' = 'quarterly-progress' and payload->>'period' = '2024-Q1' and campaign_id = ${campaignId}`,
    );
    expect(Number(q1[0]!.n)).toBe(13 + 154);
  });
});
