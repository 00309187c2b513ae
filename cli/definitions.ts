// `campaign definitions …`: validate and draw campaign definitions.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
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
          console.log(`${file}: ${result.issues.length} error${result.issues.length === 1 ? '' : 's'}`);
          for (const issue of result.issues) console.log(`  ${formatIssue(issue)}`);
        }
      }
      process.exitCode = failed ? 1 : 0;
    });
  return cmd;
}
