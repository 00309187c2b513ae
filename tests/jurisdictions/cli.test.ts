// `campaign jurisdictions import | search | show` end to end, in a fresh PGlite data folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { formatImportSummary } from '../../cli/jurisdictions.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ce-cli-'));
const dataDir = join(dir, 'pglite');

/** Run the CLI without a terminal (so no progress bar) and without a DATABASE_URL (so PGlite). */
async function campaign(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await run('node', ['bin/campaign.js', 'jurisdictions', ...args, '--data-dir', dataDir], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('campaign jurisdictions', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarises a subtree import as "吕梁市 1411: 1 city, 13 counties, 154 townships"', () => {
    const root = { code: '1411', name: '吕梁市', level: 'city' as const, parentCode: '14' };
    expect(formatImportSummary({ root, counts: { city: 1, county: 13, township: 154 } })).toBe('吕梁市 1411: 1 city, 13 counties, 154 townships');
    const nation = { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null };
    expect(formatImportSummary({ root: nation, counts: { province: 31, city: 342, county: 2978, township: 41352 } })).toBe(
      '中华人民共和国 100000: 31 provinces, 342 cities, 2,978 counties, 41,352 townships',
    );
  });

  it('refuses to search before anything was imported', async () => {
    const result = await campaign('search', '孝义');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no database in');
  });

  it('imports 吕梁市 into the data folder, printing one line per level and the summary', async () => {
    const result = await campaign('import', '--root', '1411');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 6)).toEqual([
      'nation   1',
      'province 1',
      'city     1',
      'county   13',
      'township 154',
      '吕梁市 1411: 1 city, 13 counties, 154 townships',
    ]);
  });

  it('exits with 1 and a clear message for an unknown root, and when neither --root nor --all is given', async () => {
    const unknown = await campaign('import', '--root', '9999');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'error: no division with code "9999"']);
    const neither = await campaign('import');
    expect([neither.code, neither.stderr.trim()]).toEqual([1, 'error: give --root <code> or --all']);
  });

  it('searches and shows what was imported', async () => {
    const search = await campaign('search', '孝义');
    expect(search.stdout).toContain('141181       county   山西省 › 吕梁市 › 孝义市');
    const show = await campaign('show', '141181');
    expect(show.stdout.split('\n').slice(0, 3)).toEqual(['中华人民共和国 100000 › 山西省 14 › 吕梁市 1411 › 孝义市 141181', 'county, 16 children', '  141181001    新义街道']);
  });
});
