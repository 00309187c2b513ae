// `campaign users create`: a user with a role at a jurisdiction, its token printed once and stored hashed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, openDatabase } from '../../engine/index.js';
import { dbOf, query } from '../../engine/store/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('campaign users create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-users-'));
  const dataDir = join(dir, 'pglite');
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const cli = (...args: string[]) => run(process.execPath, ['bin/campaign.js', 'users', ...args, '--data-dir', dataDir], { cwd: ROOT, env });

  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    await new Engine({ database }).jurisdictions.import({ root: '141181' });
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a new token on standard output and stores only its hash', async () => {
    const { stdout, stderr } = await cli('create', '--name', '孝义市市场监管局', '--role', 'official', '--jurisdiction', '141181');
    const token = stdout.trim();
    expect(token).toMatch(/^ce_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('official at 141181');
    const database = await openDatabase({ dataDir });
    try {
      expect(await new Engine({ database }).users.authenticateToken(token)).toMatchObject({ user: { name: '孝义市市场监管局', role: 'official', jurisdictionCode: '141181' } });
      const plain = await query<{ n: unknown }>(dbOf(database), sql`select count(*) as n from tokens where hash = ${token}`);
      expect(Number(plain[0]!.n)).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('refuses an unknown role or jurisdiction with exit code 1', async () => {
    await expect(cli('create', '--name', 'x', '--role', 'boss', '--jurisdiction', '141181')).rejects.toMatchObject({ code: 1 });
    const missing = await cli('create', '--name', 'x', '--role', 'admin', '--jurisdiction', '999999').catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1 });
    expect((missing as { stderr: string }).stderr).toContain('no jurisdiction "999999"');
  });
});
