// Text Postgres cannot store: a NUL character, or half of a UTF-16 surrogate pair
// (JSON may write one as "\ud800"). Both would fail deep in a query; the API refuses
// them up front, in the path, the query string and JSON bodies, naming where they are.
import type { MiddlewareHandler } from 'hono';
import type { PathSegment } from '../definitions/language/validate.js';
import { EngineError } from '../engine/errors.js';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const why = (s: string) => (s.includes('\u0000') ? 'must not contain the NUL character (U+0000)' : 'must not contain an unpaired UTF-16 surrogate');

/** The path of the first string (value or key) in `value` that cannot be stored, with the reason. */
export function findUnstorable(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; message: string } | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { path, message: why(value) } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) return { path: [...path, k], message: `the field name ${why(k).replace('must not contain', 'contains')}` };
      const found = findUnstorable(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Refuse (422) unstorable text in the path, the query or a JSON body before any route sees it. */
export function textGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const path = decode(url.pathname);
    if (UNSTORABLE.test(path)) throw EngineError.invalid(`path: ${why(path)}`, [{ path: ['path'], message: why(path) }]);
    for (const [name, value] of url.searchParams) {
      const bad = UNSTORABLE.test(name) ? name : UNSTORABLE.test(value) ? value : undefined;
      if (bad !== undefined) throw EngineError.invalid(`query.${name}: ${why(bad)}`, [{ path: ['query', name], message: why(bad) }]);
    }
    if (c.req.method !== 'GET' && /^application\/([a-z0-9.+-]*\+)?json/i.test(c.req.header('content-type') ?? '')) {
      let body: unknown;
      try {
        // Hono caches the body: the route's validator parses it again without reading the stream twice.
        body = JSON.parse(await c.req.text());
      } catch {
        body = undefined; // the route's validator answers malformed JSON
      }
      const found = findUnstorable(body);
      if (found) throw EngineError.invalid(`${found.path.join('.') || 'the body'}: ${found.message}`, [found]);
    }
    await next();
  };
}
