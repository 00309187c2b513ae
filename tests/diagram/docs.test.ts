// npm run docs: the committed docs and JSON Schema must be what the generator makes now.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitionFiles, DOCS_DIR, renderDocs, ROOT, SCHEMA_FILE } from '../../scripts/docs.js';
import { FIXTURE } from './load.js';

const generated = await renderDocs();
const STALE = 'is stale: run `npm run docs` and commit the result';

describe('generated docs', () => {
  it('has a page and an SVG for every definition, an index and the JSON Schema', () => {
    const expected = [SCHEMA_FILE, `${DOCS_DIR}/README.md`];
    for (const file of definitionFiles()) {
      const id = (JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { id: string }).id;
      expected.push(`${DOCS_DIR}/${id}.md`, `${DOCS_DIR}/${id}.svg`);
    }
    expect([...generated.keys()].sort()).toEqual(expected.sort());
  });

  it('matches the committed files', () => {
    const committed = existsSync(join(ROOT, DOCS_DIR)) ? readdirSync(join(ROOT, DOCS_DIR)).map((f) => `${DOCS_DIR}/${f}`) : [];
    for (const path of committed) expect(generated.has(path), `${path} belongs to no definition: run \`npm run docs\``).toBe(true);
    for (const [path, content] of generated) {
      const full = join(ROOT, path);
      expect(existsSync(full), `${path} is missing: run \`npm run docs\` and commit the result`).toBe(true);
      expect(readFileSync(full, 'utf8') === content, `${path} ${STALE}`).toBe(true);
    }
  });

  it('is byte-identical when generated again', async () => {
    const again = await renderDocs();
    for (const [path, content] of generated) expect(again.get(path) === content, path).toBe(true);
  });

  it('pages carry the Mermaid diagram, the tables and a link to the SVG', () => {
    for (const [path, content] of generated) {
      if (!path.endsWith('.md') || path.endsWith('README.md')) continue;
      const id = path.slice(DOCS_DIR.length + 1, -3);
      expect(content).toContain('```mermaid\nstateDiagram-v2\n');
      expect(content).toContain(`](./${id}.svg)`);
      expect(content).toContain('## 阶段 Phases');
      expect(generated.get(`${DOCS_DIR}/${id}.svg`)!.startsWith('<svg ')).toBe(true);
      expect(generated.get(`${DOCS_DIR}/README.md`)).toContain(`(./${id}.md)`);
    }
  });
});

describe('definitions/schema.json', () => {
  const schema = z.fromJSONSchema(JSON.parse(generated.get(SCHEMA_FILE)!) as Parameters<typeof z.fromJSONSchema>[0]);

  it('accepts every definition as written, defaults left out', () => {
    for (const file of [...definitionFiles().map((f) => join(ROOT, f)), FIXTURE]) {
      const result = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      expect(result.success, `${file}: ${result.error?.message}`).toBe(true);
    }
  });

  it('rejects a property the language does not have, so editors flag typos', () => {
    const definition = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { phases: Record<string, unknown>[] };
    definition.phases[0]!.exitConditions = [];
    expect(schema.safeParse(definition).success).toBe(false);
  });
});
