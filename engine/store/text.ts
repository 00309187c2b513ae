// Text Postgres cannot store: a NUL character, or half of a UTF-16 surrogate pair
// (JSON may write one as "\ud800"). Both would fail deep in a query; the engine and
// the API refuse them up front, naming where they are.
import type { PathSegment } from '../../definitions/language/validate.js';

// eslint-disable-next-line no-control-regex -- finding the NUL character is the point of this pattern
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored, or undefined when it can. */
export function unstorable(s: string): string | undefined {
  if (!UNSTORABLE.test(s)) return undefined;
  return s.includes('\u0000') ? 'must not contain the NUL character (U+0000)' : 'must not contain an unpaired UTF-16 surrogate';
}

/** The path of the first string (value or key) in `value` that cannot be stored, with the reason. */
export function findUnstorable(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; message: string } | undefined {
  if (typeof value === 'string') {
    const why = unstorable(value);
    return why ? { path, message: why } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const why = unstorable(k);
      if (why) return { path: [...path, k], message: `the field name ${why.replace('must not contain', 'contains')}` };
      const found = findUnstorable(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}
