// `campaign definitions …`: validate and draw campaign definitions.
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { toDot } from '../definitions/diagram/dot.js';
import { toMermaid } from '../definitions/diagram/mermaid.js';
import { toSvg } from '../definitions/diagram/svg.js';
import { compile } from '../definitions/language/compile.js';
import { formatIssue, validateDefinition, type Issue } from '../definitions/language/validate.js';

/** jsonc-parser's error codes in words. */
const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected text',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes is expected (a comma too many?)',
  ValueExpected: 'a value is expected (a comma too many?)',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'nothing may follow the end of the JSON',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape',
  InvalidCharacter: 'a character not allowed in a string (a raw line break?)',
};

/**
 * Where a JSON syntax error is: its kind, line and column, and the line itself with a
 * caret under the place. Node's own message gives no position for many errors, so the
 * text is scanned again with jsonc-parser (VS Code's JSON scanner), which does.
 */
export function jsonErrorAt(text: string): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'the file is not JSON';
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  return `${JSON_ERRORS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)} at line ${line}, column ${column}\n    ${source}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
}

/** Is this JSON the language's own JSON Schema (definitions/schema.json), not a definition? */
function isJsonSchema(json: unknown): boolean {
  return typeof json === 'object' && json !== null && typeof (json as { $schema?: unknown }).$schema === 'string' && /json-schema\.org/.test((json as { $schema: string }).$schema);
}

/** Read and validate a definition file; JSON syntax errors are reported like any other issue, with line and column. */
export async function loadDefinitionFile(file: string) {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const issues: Issue[] = [{ path: [], message: `not valid JSON: ${jsonErrorAt(text)}` }];
    return { ok: false as const, issues };
  }
  if (isJsonSchema(json)) return { ok: 'schema' as const };
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
        // definitions/*.json holds the language's JSON Schema too: it is not a definition.
        if (result.ok === 'schema') console.log(`${file}: the JSON Schema of the language, not a definition (skipped)`);
        else if (result.ok) console.log(`${file}: valid`);
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
      if (result.ok === 'schema') {
        console.error(`${file}: the JSON Schema of the language, not a definition`);
        process.exitCode = 1;
        return;
      }
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
