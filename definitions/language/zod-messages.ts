// Zod's messages rewritten for the people who write campaign definitions: a missing
// field reads `title: is required`, not "Invalid input: expected object, received
// undefined". Messages a schema sets itself (the Id pattern, "needs Chinese text")
// take precedence over this map, as zod 4 gives per-schema errors priority.
import type { z } from 'zod';

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** What a value is, in the words used by the messages: "a number", "a list", "nothing". */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'true or false';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'an object',
};

function sizeOf(origin: string, n: number | bigint): string {
  if (origin === 'array' || origin === 'set') return `${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'}`;
  return String(n);
}

/**
 * The error map for parsing definitions and events: pass it as
 * `Schema.safeParse(input, { error: humanError })`. The issue's path is kept as zod
 * computed it; only the message changes.
 */
export const humanError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      // A fractional number where a whole one is needed is not a type confusion.
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
      return `must be ${expected}, not ${describe(issue.input)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoteList(issue.values)}` : `must be one of ${quoteList(issue.values)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${quoteList(issue.keys)}`;
    case 'too_small': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `must be greater than ${issue.minimum}` : `must be at least ${issue.minimum}`;
      if (Number(issue.minimum) === 1 && (issue.origin === 'array' || issue.origin === 'string')) return 'must not be empty';
      return `must have at least ${sizeOf(issue.origin, issue.minimum)}`;
    }
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `must be less than ${issue.maximum}` : `must be at most ${issue.maximum}`;
      return `must have at most ${sizeOf(issue.origin, issue.maximum)}`;
    }
    case 'invalid_union': {
      // A discriminated union whose `kind` is missing or unknown.
      if (issue.note === 'No matching discriminator' && 'options' in issue && Array.isArray(issue.options)) {
        const given = (issue.input as Record<string, unknown> | undefined)?.[String(issue.discriminator)];
        return given === undefined ? `is required; one of ${quoteList(issue.options)}` : `must be one of ${quoteList(issue.options)}`;
      }
      return undefined;
    }
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    case 'invalid_key':
      return 'has an invalid key';
    default:
      return undefined;
  }
};
