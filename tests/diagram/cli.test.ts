// `campaign definitions diagram`, run as a real process.
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/docs.js';
import { FIXTURE } from './load.js';

const run = promisify(execFile);

/** Run the real command line; a failing exit comes back as the result rather than a throw. */
async function campaign(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin/campaign.js'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('campaign definitions diagram', () => {
  it('writes Mermaid by default', async () => {
    const { code, stdout } = await campaign('definitions', 'diagram', FIXTURE);
    expect(code).toBe(0);
    expect(stdout.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(stdout).toContain('动员部署 mobilization');
  });

  it('writes DOT and SVG on request', async () => {
    const dot = await campaign('definitions', 'diagram', FIXTURE, '--format', 'dot');
    expect(dot.stdout.startsWith('digraph "mini-campaign" {')).toBe(true);
    const svg = await campaign('definitions', 'diagram', '-f', 'svg', FIXTURE);
    expect(svg.code).toBe(0);
    expect(svg.stdout.startsWith('<svg ')).toBe(true);
    expect(svg.stdout.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('prints the errors of an invalid definition like validate, on stderr, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagram-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ id: 'Bad' }));
    const { code, stdout, stderr } = await campaign('definitions', 'diagram', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const validate = await campaign('definitions', 'validate', file);
    expect(validate.code).toBe(1);
    expect(stderr).toBe(validate.stdout);
    expect(stderr).toContain('id: must be lower-case words joined by hyphens');
  });

  it('refuses an unknown format', async () => {
    const { code, stderr } = await campaign('definitions', 'diagram', FIXTURE, '--format', 'png');
    expect(code).toBe(1);
    expect(stderr).toContain('Allowed choices are mermaid, dot, svg');
  });
});

describe('campaign definitions validate', () => {
  it('validates every shipped definition with the README’s command, skipping the JSON Schema beside them', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(ROOT, 'definitions')).filter((f) => f.endsWith('.json')).map((f) => `definitions/${f}`);
    const { code, stdout } = await campaign('definitions', 'validate', ...files);
    expect(code).toBe(0);
    expect(stdout).toContain('definitions/schema.json: the JSON Schema of the language, not a definition (skipped)');
    expect(stdout).toContain('definitions/canteen-rectification-notice.json: valid');
  });

  it('says where a JSON syntax error is: line, column and the line with a caret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-json-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "id": "x",\n  "kind": oops\n}\n');
    const { code, stdout } = await campaign('definitions', 'validate', file);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}: 1 error\n  (root): not valid JSON: unexpected text at line 3, column 11\n      "kind": oops\n              ^\n`);
  });
});
