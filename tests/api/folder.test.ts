// One writer per embedded database, and a private data folder: a second opener is
// refused at once naming the holder; a holder killed with -9 leaves no stale lock;
// a world-writable folder is refused; loose modes are tightened.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/errors.js';
import { openDatabase } from '../../engine/store/db.js';
import { prepareDataFolder } from '../../engine/store/folder.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the PGlite data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opener at once, naming the process that holds it and what to do instead', async () => {
    const dataDir = join(dir, 'a');
    const first = await openDatabase({ dataDir, holder: 'the first opener' });
    first.lock!.describe({ url: 'http://127.0.0.1:3999' });
    const t0 = Date.now();
    const error = await openDatabase({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(error).toBeInstanceOf(EngineError);
    const message = (error as Error).message;
    expect(message).toContain(`process ${process.pid} (the first opener`);
    expect(message).toContain('campaign users create --server http://127.0.0.1:3999 --token TOKEN');
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it('is free again after its holder is killed with -9', async () => {
    const dataDir = join(dir, 'b');
    const script = `import { openDatabase } from './engine/store/db.ts'; await openDatabase({ dataDir: ${JSON.stringify(dataDir)}, holder: 'child' }); console.log('held'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    const refused = await openDatabase({ dataDir }).then(
      () => 'opened',
      (e: Error) => e.message,
    );
    expect(refused).toContain(`process ${child.pid} (child`);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const database = await openDatabase({ dataDir });
    await database.close();
  }, 60_000);

  it('refuses a world-writable folder with a message saying what to do, and tightens loose modes', () => {
    const open = join(dir, 'c');
    prepareDataFolder(open);
    expect(statSync(open).mode & 0o777).toBe(0o700);
    chmodSync(open, 0o777);
    expect(() => prepareDataFolder(open)).toThrow(/writable by every local account \(mode 777\).*chmod 700/);
    chmodSync(open, 0o755);
    writeFileSync(join(open, 'f'), 'x', { mode: 0o666 });
    chmodSync(join(open, 'f'), 0o666);
    expect(prepareDataFolder(open)).toBe(2);
    expect(statSync(open).mode & 0o777).toBe(0o700);
    expect(statSync(join(open, 'f')).mode & 0o777).toBe(0o600);
    expect(readdirSync(open)).toEqual(['f']);
  });
});
