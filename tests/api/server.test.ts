// End to end over a real port: the real server process (`node --import tsx server/main.ts`)
// on a fresh PGlite data folder seeds the demo, prints stable tokens, serves the API and
// its reference, streams changes, stops on SIGTERM, and keeps its tokens after a restart.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADING_GROUP } from './fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Running = { child: ChildProcess; output: () => string; tokens: Map<string, string>; exited: Promise<number | null> };

/** Start the server and wait until it says where it listens (after the demo tokens, on a first start). */
async function start(dataDir: string, port: number, extra: NodeJS.ProcessEnv = {}): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...extra };
  delete env.HOST; // the default: this machine only
  delete env.DATABASE_URL; // this test is about the embedded default
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A first start seeds the demo (its campaigns simulated): about 20 s on a quiet machine, minutes on a loaded one.
  const deadline = Date.now() + 240_000;
  while (!/curl -H|Demo users: \d+|No demo users/.test(out)) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const tokens = new Map([...out.matchAll(/^ {2}(\S+)\s+(ce_demo_\S+)/gm)].map((m) => [m[1]!, m[2]!]));
  return { child, output: () => out, tokens, exited };
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000));
  const code = await Promise.race([r.exited, timeout]);
  if (code === 'timeout') {
    r.child.kill('SIGKILL');
    throw new Error(`the server did not stop on SIGTERM:\n${r.output()}`);
  }
  return code;
}

describe('the server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-api-e2e-'));
  const dataDir = join(dir, 'pglite');
  let port: number;
  let server: Running | undefined;
  let base: string;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await start(dataDir, port);
  }, 300_000);

  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (key: string) => ({ authorization: `Bearer ${server!.tokens.get(key)}` });

  it('seeds the demo on first start and prints a token per demo user', () => {
    expect(server!.output()).toContain('First start: seeding the demo');
    expect([...server!.tokens.keys()]).toEqual(expect.arrayContaining(['city-admin', 'county-official', 'township-official', 'city-inspector', 'viewer']));
  });

  it('serves the API, its OpenAPI document and its reference page over the port', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await (await fetch(`${base}/api/openapi.json`)).json()) as { openapi: string }).toMatchObject({ openapi: '3.1.0' });
    const page = await fetch(`${base}/api/reference`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/api/reference/swagger-ui-bundle.js`)).status).toBe(200);
    const campaigns = (await (await fetch(`${base}/api/campaigns`, { headers: as('city-admin') })).json()) as { items: { definitionId: string; rootCode: string }[] };
    expect(campaigns.items.map((c) => c.definitionId).sort()).toEqual(['drug-safety-consolidation-action', 'drug-safety-special-rectification']);
    const zhongyi = (await (await fetch(`${base}/api/campaigns`, { headers: as('zhongyi-official') })).json()) as { items: { definitionId: string }[] };
    expect(zhongyi.items.map((c) => c.definitionId).sort()).toEqual(['canteen-rectification-notice', 'drug-safety-special-rectification']);
  });

  it('seeds campaigns with a past: the consolidation action closed, a notice opened by an inspection, its unlicensed unit reported up', async () => {
    type Listed = { id: number; definitionId: string; rootCode: string; status: string };
    const list = async (who: string) => ((await (await fetch(`${base}/api/campaigns`, { headers: as(who) })).json()) as { items: Listed[] }).items;
    const consolidation = (await list('city-admin')).find((c) => c.definitionId === 'drug-safety-consolidation-action')!;
    expect(consolidation.status).toBe('closed');
    const shizhu = await list('shizhu-inspector');
    const notice = shizhu.find((c) => c.definitionId === 'canteen-rectification-notice')!;
    const special = shizhu.find((c) => c.definitionId === 'drug-safety-special-rectification')!;
    expect(notice.rootCode).toBe('500240213');
    const township = (await (await fetch(`${base}/api/campaigns/${notice.id}/instances/500240213`, { headers: as('zhongyi-official') })).json()) as {
      findings: { text: string }[];
      units: Record<string, { title: string }>;
    };
    expect(township.findings.map((f) => f.text)).toContain('中益乡场镇一家农家乐未取得餐饮服务许可证从事餐饮服务');
    expect(Object.keys(township.units)).toContain('zhongyi-farmhouse-restaurant');
    const county = (await (await fetch(`${base}/api/campaigns/${special.id}/instances/500240`, { headers: as('shizhu-inspector') })).json()) as { referrals: { unit: string }[] };
    expect(county.referrals.map((r) => r.unit)).toEqual(['zhongyi-farmhouse-restaurant']);
  });

  it('takes an event from the township official and streams the change to the county', async () => {
    const list = (await (await fetch(`${base}/api/campaigns`, { headers: as('township-official') })).json()) as { items: { id: number; definitionId: string; focusCode: string }[] };
    const campaign = list.items.find((c) => c.definitionId === 'drug-safety-special-rectification')!;
    const instance = await fetch(`${base}/api/campaigns/${campaign.id}/instances/${campaign.focusCode}`, { headers: as('township-official') });
    const { id } = (await instance.json()) as { id: number };
    expect(instance.headers.get('etag')).toMatch(/^(W\/)?"\d+"$/); // weak once compressed

    const controller = new AbortController();
    const stream = await fetch(`${base}/api/campaigns/${campaign.id}/stream`, { headers: as('county-official'), signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);

    const res = await fetch(`${base}/api/instances/${id}/events`, {
      method: 'POST',
      headers: { ...as('township-official'), 'content-type': 'application/json', 'idempotency-key': 'e2e-1' },
      // Accepted whether the simulated past formed the township's leading group or not.
      body: JSON.stringify(LEADING_GROUP),
    });
    expect(res.status).toBe(200);
    // Deadlines firing in the county may stream first; wait for this change.
    while (!text.includes('"type":"FORM_LEADING_GROUP"')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/event: change\ndata: \{[^\n]*"type":"FORM_LEADING_GROUP"[^\n]*\}\nid: \d+\n/);

    const csv = await fetch(`${base}/api/campaigns/${campaign.id}/export.csv`, { headers: as('county-official') });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(1 + 17);
  });

  it('listens on 127.0.0.1 unless HOST says otherwise, and keeps its data folder private (0700, files 0600)', () => {
    expect(server!.output()).toContain(`Web UI on http://127.0.0.1:${port}/`);
    const loose: string[] = [];
    const walk = (p: string) => {
      const st = statSync(p);
      if (st.mode & 0o077) loose.push(`${p} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    };
    walk(dataDir);
    expect(loose).toEqual([]);
  });

  it('refuses a second writer of its data folder at once, naming itself, and takes the same command over its API', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/campaign.js', ...args], { cwd: ROOT, env });
    const local = await cli('users', 'create', '--name', '新用户', '--role', 'viewer', '--jurisdiction', '141181').then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(local.code).toBe(1);
    expect(local.stderr).toContain(`in use by process ${server!.child.pid} (the Campaign Engine server`);
    expect(local.stderr).toContain(`campaign users create --server http://127.0.0.1:${port} --token TOKEN`);
    const { stdout } = await cli('users', 'create', '--server', base, '--token', server!.tokens.get('city-admin')!, '--name', '新用户', '--role', 'viewer', '--jurisdiction', '141181');
    const token = stdout.trim();
    expect(token).toMatch(/^ce_/);
    expect((await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // The server knows the user: the write did not go around it.
    const users = (await (await fetch(`${base}/api/users`, { headers: as('city-admin') })).json()) as { items: { name: string }[] };
    expect(users.items.map((u) => u.name)).toContain('新用户');
  }, 60_000);

  it('says which port is taken and how to choose another, without a stack trace', async () => {
    const other = join(dir, 'other');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: other, DEMO: '0' };
    delete env.DATABASE_URL;
    delete env.HOST;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(out).toContain('PORT=');
    expect(out).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('stops cleanly on SIGTERM; after a restart it does not seed again, and prints no tokens, which still work', async () => {
    expect(await stop(server!)).toBe(0);
    const before = server!.tokens;
    server = await start(dataDir, port);
    expect(server.output()).not.toContain('First start');
    expect(server.output()).not.toContain('ce_demo_');
    expect(server.output()).toContain('campaign users demo-tokens');
    const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${before.get('city-admin')}` } });
    expect(me.status).toBe(200);
    expect(await stop(server)).toBe(0);
  }, 120_000);
});
