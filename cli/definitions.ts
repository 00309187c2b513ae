// `campaign definitions …`: validate and draw campaign definitions.
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { toDot } from '../definitions/diagram/dot.js';
import { toMermaid } from '../definitions/diagram/mermaid.js';
import { toSvg } from '../definitions/diagram/svg.js';
import { compile } from '../definitions/language/compile.js';
import { formatIssue, validateDefinition, type Issue } from '../definitions/language/validate.js';

/** Read and validate a definition file; JSON syntax errors are reported like any other issue. */
export async function loadDefinitionFile(file: string) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const issues: Issue[] = [{ path: [], message: `not valid JSON: ${(e as Error).message}` }];
    return { ok: false as const, issues };
  }
  return validateDefinition(json);
}

/** How `validate` reports a file's problems; `diagram` reports them the same way. */
function printIssues(file: string, issues: readonly Issue[], print: (line: string) => void): void {
  print(`${file}: ${issues.length} error${issues.length === 1 ? '' : 's'}`);
  for (const issue of issues) print(`  ${formatIssue(issue)}`);
}

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export function definitionsCommand(): Command {
  const cmd = new Command('definitions').description('author and check campaign definitions');
  cmd
    .command('validate')
    .argument('<files...>', 'definition JSON files')
    .description('check definitions; prints "valid" or every error with its JSON path')
    .action(async (files: string[]) => {
      let failed = false;
      for (const file of files) {
        const result = await loadDefinitionFile(file);
        if (result.ok) console.log(`${file}: valid`);
        else {
          failed = true;
          printIssues(file, result.issues, (line) => console.log(line));
        }
      }
      process.exitCode = failed ? 1 : 0;
    });
  cmd
    .command('diagram')
    .argument('<file>', 'definition JSON file')
    .description('draw the state machine compiled from a definition, to standard output')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIAGRAM_FORMATS).default('mermaid'))
    .action(async (file: string, options: { format: DiagramFormat }) => {
      const result = await loadDefinitionFile(file);
      if (!result.ok) {
        // Standard error: standard output is the diagram, often redirected to a file.
        printIssues(file, result.issues, (line) => console.error(line));
        process.exitCode = 1;
        return;
      }
      const machine = compile(result.definition);
      const text =
        options.format === 'mermaid'
          ? toMermaid(result.definition, machine)
          : options.format === 'dot'
            ? toDot(result.definition, machine)
            : `${await toSvg(toDot(result.definition, machine))}\n`;
      process.stdout.write(text);
    });
  return cmd;
}
