// For browser tests and screenshots: start the real server process on a free port with
// a fresh PGlite folder and a known demo secret (so the demo tokens are known), and
// launch Debian's chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_USERS, demoToken } from '../../engine/index.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The demo users' keys (engine/demo/demo.ts DEMO_USERS). */
export type DemoKey = 'city-admin' | 'county-official' | 'township-official' | 'city-inspector' | 'viewer' | 'zhongyi-official' | 'shizhu-inspector';

export type RunningServer = {
  url: string;
  tokens: Record<DemoKey, string>;
  log: () => string;
  stop: () => Promise<void>;
};

/** A port the OS says is free now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `node --import tsx server/main.ts` in a temp folder (DATA_DIR, DEMO_SECRET_FILE), as
 * `npm start` runs it; resolves once the demo is seeded and the server answers.
 */
export async function startServer(options: { dataDir?: string; port?: number; timeoutMs?: number } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-ui-'));
  const secret = 'ui-test-secret';
  const secretFile = join(dir, 'demo-secret');
  writeFileSync(secretFile, `${secret}\n`);
  const port = options.port ?? (await freePort());
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: options.dataDir ?? join(dir, 'pglite'), DEMO_SECRET_FILE: secretFile, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`the server exited:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in time:\n${out}`);
    }
    if (out.includes('Demo tokens')) {
      const ok = await fetch(`${url}/`).then((r) => r.ok, () => false);
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tokens = Object.fromEntries(DEMO_USERS.map((u) => [u.key, demoToken(secret, u.key)])) as Record<DemoKey, string>;
  for (const key of ['city-admin', 'county-official', 'township-official'] as const) if (!DEMO_USERS.some((u) => u.key === key)) throw new Error(`no demo user ${key}`);
  return {
    url,
    tokens,
    log: () => out,
    stop: async () => {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, as root (no sandbox). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
