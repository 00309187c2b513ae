// Dates are real dates everywhere: 2023-02-30 and 2023-13-01 are refused with their
// field path by the validator (so the CLI and the API's validate route), the JSON
// Schema (format: date with the calendar's pattern), and a launch.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDefinition } from '../../definitions/language/validate.js';
import { forEachDatabase } from '../support/databases.js';
import { problemOf, setupFixture, type Fixture } from '../api/fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = () => JSON.parse(readFileSync(join(ROOT, 'definitions/drug-safety-consolidation-action.json'), 'utf8')) as { phases: { window: { start: unknown; end: unknown } }[] };
const impossible = () => {
  const d = read();
  d.phases[0]!.window.start = '2023-02-30';
  d.phases[1]!.window.end = '2023-13-01';
  return d;
};
const expected = [
  { path: ['phases', 0, 'window', 'start'], message: 'must be a real calendar date written YYYY-MM-DD' },
  { path: ['phases', 1, 'window', 'end'], message: 'must be a real calendar date written YYYY-MM-DD' },
];

describe('impossible dates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-dates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are refused by the validator with their paths', () => {
    const r = validateDefinition(impossible());
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual(expected);
  });

  it('are refused by campaign definitions validate, each at its path', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(impossible()));
    const failed = await promisify(execFile)(process.execPath, ['bin/campaign.js', 'definitions', 'validate', file], { cwd: ROOT }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    const out = `${(failed as { stdout: string }).stdout}${(failed as { stderr: string }).stderr}`;
    expect(out).toContain('phases[0].window.start');
    expect(out).toContain('phases[1].window.end');
  }, 30_000);

  it('are refused by the JSON Schema: format date, and a pattern that knows the calendar', () => {
    const schema = readFileSync(join(ROOT, 'definitions/schema.json'), 'utf8');
    const match = /"format": "date",\s*"pattern": "([^"]+)"/.exec(schema);
    expect(match).not.toBeNull();
    const pattern = new RegExp(JSON.parse(`"${match![1]}"`) as string);
    expect(['2023-02-30', '2023-13-01', '2023-02-29'].map((d) => pattern.test(d))).toEqual([false, false, false]);
    expect(['2024-02-29', '2023-12-31'].map((d) => pattern.test(d))).toEqual([true, true]);
  });
});

forEachDatabase('impossible dates through the API', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });
  it('are listed by /api/definitions/validate and refused at launch', async () => {
    const v = (await (await f.call('viewer@city', 'POST', '/api/definitions/validate', { body: impossible() })).json()) as { valid: boolean; issues: unknown };
    expect(v).toEqual(expect.objectContaining({ valid: false, issues: expected }));
    for (const launchDate of ['2023-02-30', '2023-13-01']) {
      const p = await problemOf(await f.call('admin@city', 'POST', '/api/campaigns', { body: { definitionId: 'drug-safety-special-rectification', rootCode: '1411', launchDate } }));
      expect(p).toMatchObject({ status: 422, code: 'invalid', issues: [{ path: ['launchDate'] }] });
    }
  });
});
