// What every answer and every request goes through before any route: security
// headers, a request limit per client address (before authentication, so a flood of
// bad tokens costs no users lookup), the body's size, and the nesting depth of a JSON
// body checked by a scan before anything parses or walks it (a deep `[[[[…` would
// otherwise overflow the stack of every recursive step after JSON.parse).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EngineError } from '../engine/index.js';
import { ApiError } from './problem.js';

/** The content security policy of every answer: scripts from this server only, never inline. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI and the diagrams set style attributes; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every answer, errors included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('content-security-policy', CSP);
    h.set('x-content-type-options', 'nosniff');
    h.set('x-frame-options', 'DENY');
    h.set('referrer-policy', 'no-referrer');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    // An answer to a signed-in caller is its own: no cache (shared or not) keeps it.
    const signedIn = c.req.header('authorization') !== undefined || /(?:^|;\s*)ce_session=/.test(c.req.header('cookie') ?? '');
    if (signedIn && !/immutable/.test(h.get('cache-control') ?? '')) h.set('cache-control', 'no-store');
  };
}

export type AddressLimitOptions = {
  /** Requests per window and client address (default 1200). */
  max?: number;
  windowMs?: number;
  /** Trust the last X-Forwarded-For entry (set by the TLS proxy in front). */
  trustProxy?: boolean;
  now?: () => number;
};

/** The client's address: the socket's peer, or the proxy's word for it when trusted. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // no socket: app.request in tests
  }
}

/** A fixed-window request limit per client address, in memory, before authentication. */
export function addressRateLimit(options: AddressLimitOptions = {}): MiddlewareHandler {
  const max = options.max ?? 1200;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const t = now();
    const address = clientAddress(c, options.trustProxy ?? false);
    let w = windows.get(address);
    if (!w || t - w.start >= windowMs) {
      if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
      windows.set(address, (w = { start: t, count: 0 }));
    }
    w.count += 1;
    if (w.count > max) {
      const reset = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      throw new ApiError('rate_limited', `more than ${max} requests in ${windowMs / 1000} s from ${address}; retry in ${reset} s`, {}, { 'retry-after': String(reset) });
    }
    await next();
  };
}

/** How deep a JSON body may nest: deeper than any definition or event needs. */
export const MAX_JSON_DEPTH = 64;

/** The first place a JSON text nests deeper than `max`, as a character offset; -1 when it does not. */
export function tooDeep(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > max) return i;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return -1;
}

/** The body limit (413 with a problem) and the depth check (422) of every request with a body. */
export function bodyGuard(limit: number): MiddlewareHandler[] {
  return [
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new ApiError('payload_too_large', `the request body is over ${limit} bytes`);
      },
    }),
    async (c, next) => {
      if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && /json/i.test(c.req.header('content-type') ?? '')) {
        // Hono keeps the text: the route's own parse does not read the stream again.
        const at = tooDeep(await c.req.text());
        if (at >= 0)
          throw EngineError.invalid(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, [
            { path: [], message: `nests deeper than ${MAX_JSON_DEPTH} levels (at character ${at}); nothing this API takes is that deep` },
          ]);
      }
      await next();
    },
  ];
}
