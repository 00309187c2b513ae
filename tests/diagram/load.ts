// Test helper: read, validate and compile a definition file (the fixture or a real one).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../definitions/language/compile.js';
import { validateDefinition } from '../../definitions/language/validate.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/mini-campaign.json', import.meta.url));

export function load(file: string = FIXTURE) {
  const result = validateDefinition(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.issues)}`);
  return { definition: result.definition, machine: compile(result.definition) };
}
