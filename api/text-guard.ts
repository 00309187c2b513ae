// Text Postgres cannot store (a NUL character, half of a surrogate pair) refused up
// front, in the path, the query string and JSON bodies, naming where it is.
import type { MiddlewareHandler } from 'hono';
import { EngineError, findUnstorable, unstorable } from '../engine/index.js';

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
    const inPath = unstorable(path);
    if (inPath) throw EngineError.invalid(`path: ${inPath}`, [{ path: ['path'], message: inPath }]);
    for (const [name, value] of url.searchParams) {
      const why = unstorable(name) ?? unstorable(value);
      if (why !== undefined) throw EngineError.invalid(`query.${name}: ${why}`, [{ path: ['query', name], message: why }]);
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
