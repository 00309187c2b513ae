// Proof: at least 2,000 generated malformed requests across every route of the real
// server process on real Postgres (bodies, headers, paths, sizes, nesting, encodings)
// → no 5xx, no reset connection, and the database's checksum unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { freePort } from '../ui/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const url = process.env.DATABASE_URL;

/** A seeded random generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

(url ? describe : describe.skip)('proof: malformed requests against the real server on Postgres', () => {
  let child: ChildProcess;
  let port = 0;
  let token = '';
  let dbUrl = '';
  let drop: () => Promise<void>;
  let out = '';

  beforeAll(async () => {
    const created = await createTestDatabase('postgres', url);
    drop = created.drop;
    await created.database.close();
    const target = new URL(url!);
    // The test database's name: createTestDatabase keeps it in the URL it opened.
    const names = await postgres(url!, { max: 1 })`select datname from pg_database where datname like ${`${process.env.TEST_DB_PREFIX ?? 'ce_test_'}%`} order by oid desc limit 1`;
    target.pathname = `/${names[0]!.datname as string}`;
    dbUrl = target.toString();
    port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', ADDRESS_LIMIT: '1000000', DEMO_SECRET_FILE: `/tmp/ce-proof-secret-${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 150_000;
    while (!/city-admin\s+(ce_demo_\S+)/.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    token = /city-admin\s+(ce_demo_\S+)/.exec(out)![1]!;
  }, 180_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
  });

  const checksum = async () => {
    const sql = postgres(dbUrl, { max: 1 });
    // What a caller could change (the scheduler's own deadline deliveries go on meanwhile, so system events are left out).
    const [row] = await sql`select (select md5(coalesce(string_agg(id || ':' || type, ',' order by id), '')) from events where actor not like 'system:%') as events,
      (select md5(string_agg(id || ':' || status, ',' order by id)) from campaigns) as campaigns, (select count(*) from definitions) as definitions,
      (select md5(string_agg(id || ':' || coalesce(disabled_at::text, ''), ',' order by id)) from users) as users,
      (select md5(string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' order by id)) from tokens) as tokens`;
    await sql.end();
    return row;
  };

  /** One raw request; resolves with its status, or the network error (a reset). */
  const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer | string) =>
    new Promise<number | string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end(body);
    });

  it('answers 2,000+ malformed requests with 4xx problems: no 5xx, no reset, the database unchanged', async () => {
    const rand = rng(20261129);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const posts = ['/api/definitions', '/api/definitions/validate', '/api/campaigns', '/api/campaigns/2/cancel', '/api/instances/5/events', '/ui/preview.svg', '/api/users', '/api/users/1/tokens', '/api/tokens/1/rotate', '/api/session', '/api/users/1/disable'];
    const gets = ['/api/campaigns', '/api/campaigns/2', '/api/campaigns/2/rollup', '/api/campaigns/2/instances', '/api/campaigns/2/outbox', '/api/campaigns/2/export.csv', '/api/instances/5', '/api/instances/5/history', '/api/definitions', '/api/definitions/canteen-rectification-notice/diagram', '/api/jurisdictions/1411', '/api/jurisdictions/search', '/api/users', '/api/me'];
    const bodies: (() => string | Buffer)[] = [
      () => '['.repeat(40_000 + Math.floor(rand() * 400_000)),
      () => '{"a":'.repeat(20_000 + Math.floor(rand() * 100_000)),
      () => `{"type":"RECORD_INDICATOR","indicator":"x","figures":${'['.repeat(5000)}}`,
      () => Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256))),
      () => '{"type":"FILE_REPORT","report":"\u0000","period":"2024-13"}',
      () => '{"id":"\ud800","kind":"other"}',
      () => '{"definitionId":"canteen-rectification-notice","rootCode":"500240213","launchDate":"2023-02-30"}',
      () => '{"definitionId":"x","rootCode":"1411","launchDate":"2023-13-01","definitionVersion":99999999999}',
      () => '{"token":' + JSON.stringify('x'.repeat(300)) + '}',
      () => '{"name":"' + 'n'.repeat(200) + '","role":"god","jurisdictionCode":"1"}',
      () => '{' + '"k":1,'.repeat(50_000) + '"k":2}',
      () => '"\\uD83D\\uDE00\\u202E\\uFEFF"',
      () => 'null',
      () => '{"expiresAt":"yesterday"}',
      () => '{"reason":123,"extra":"理由"}',
    ];
    const headerSets: (() => Record<string, string>)[] = [
      () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }),
      () => ({ authorization: `Bearer ${token}`, 'content-type': 'text/plain' }),
      () => ({ authorization: 'Bearer ' + 'x'.repeat(Math.floor(rand() * 2000)), 'content-type': 'application/json' }),
      () => ({ authorization: `Basic ${token}`, 'content-type': 'application/json' }),
      () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': '\t bad key' }),
      () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': 'W/"x"' }),
      () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=latin1', 'content-encoding': 'gzip' }),
      () => ({ cookie: 'ce_session=forged', 'content-type': 'application/json' }),
      () => ({ 'content-type': 'application/json' }),
    ];
    const paths = () => {
      const p = pick([...gets, ...posts]);
      return pick([p, `${p}?limit=-1`, `${p}?after=%00`, `${p}/%F0%9F`, p.replace(/\d+/, '99999999999999999999'), p.replace(/\d+/, '%E0%A4%A'), `${p}?code=${'9'.repeat(50)}&level=x`, `${p}/../../etc/passwd`]);
    };

    const before = await checksum();
    const tally: Record<string, number> = {};
    let sent = 0;
    const resetsSeen: string[] = [];
    // Four at a time: the proof is about answers, not load.
    const one = async () => {
      const isGet = rand() < 0.3;
      const path = isGet ? paths() : rand() < 0.7 ? pick(posts) : paths();
      const headers = pick(headerSets)();
      const body = isGet ? undefined : pick(bodies)();
      const status = await send(isGet ? 'GET' : 'POST', path, headers, body);
      if (typeof status === 'string' && resetsSeen.length < 5) resetsSeen.push(`${path} ${JSON.stringify(headers).slice(0, 80)} ${body?.length ?? 0} bytes`);
      sent += 1;
      const k = typeof status === 'number' ? (status >= 500 ? `5xx:${status}` : String(status)) : `reset:${status}`;
      tally[k] = (tally[k] ?? 0) + 1;
    };
    for (let i = 0; i < 2100; i += 4) await Promise.all([one(), one(), one(), one()]);
    const fives = Object.entries(tally).filter(([k]) => k.startsWith('5xx')).reduce((a, [, n]) => a + n, 0);
    const resets = Object.entries(tally).filter(([k]) => k.startsWith('reset')).reduce((a, [, n]) => a + n, 0);
    console.log(`malformed requests: ${sent} sent, ${fives} answered 5xx, ${resets} reset; by status ${JSON.stringify(tally)}`);
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(fives, out.slice(-3000)).toBe(0);
    expect(resets, resetsSeen.join('\n')).toBe(0);
    expect(await checksum()).toEqual(before);
  }, 300_000);
});
