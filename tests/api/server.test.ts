// End to end over a real port: the real server process (`node --import tsx server/main.ts`)
// on a fresh PGlite data folder seeds the demo, prints stable tokens, serves the API and
// its reference, streams changes, stops on SIGTERM, and keeps its tokens after a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

/** Start the server and wait until it prints its demo tokens (it is listening by then). */
async function start(dataDir: string, port: number): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  delete env.DATABASE_URL; // this test is about the embedded default
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!/curl -H/.test(out)) {
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
  }, 120_000);

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
    expect(zhongyi.items.map((c) => c.definitionId)).toEqual(['canteen-rectification-notice']);
  });

  it('takes an event from the township official and streams the change to the county', async () => {
    const list = (await (await fetch(`${base}/api/campaigns`, { headers: as('township-official') })).json()) as { items: { id: number; definitionId: string; focusCode: string }[] };
    const campaign = list.items.find((c) => c.definitionId === 'drug-safety-special-rectification')!;
    const instance = await fetch(`${base}/api/campaigns/${campaign.id}/instances/${campaign.focusCode}`, { headers: as('township-official') });
    const { id } = (await instance.json()) as { id: number };
    expect(instance.headers.get('etag')).toMatch(/^"\d+"$/);

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

  it('stops cleanly on SIGTERM, and after a restart prints the same tokens without seeding again', async () => {
    const before = server!.tokens;
    expect(await stop(server!)).toBe(0);
    server = await start(dataDir, port);
    expect(server.output()).not.toContain('First start');
    expect(server.tokens).toEqual(before);
    const me = await fetch(`${base}/api/me`, { headers: as('city-admin') });
    expect(me.status).toBe(200);
    expect(await stop(server)).toBe(0);
  }, 120_000);
});
