// A per-user request limit: a fixed window counted in memory, per process. Enough to
// stop a runaway script; a cluster of API processes would share a store instead.
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './auth.js';
import { ApiError } from './problem.js';

export type RateLimitOptions = {
  /** Requests per window and user (default 600). */
  max?: number;
  /** Window length in ms (default 60 s). */
  windowMs?: number;
  /** Milliseconds now; injectable for tests. */
  now?: () => number;
};

/** After authentication: a 429 problem with `Retry-After` once a user is over the limit. */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler<ApiEnv> {
  const max = options.max ?? 600;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<number, { start: number; count: number }>();
  return async (c, next) => {
    const t = now();
    const id = c.var.user.id;
    let w = windows.get(id);
    if (!w || t - w.start >= windowMs) {
      // Drop finished windows now and then, so the map holds active users only.
      if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
      windows.set(id, (w = { start: t, count: 0 }));
    }
    w.count += 1;
    const reset = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
    c.header('RateLimit-Limit', String(max));
    c.header('RateLimit-Remaining', String(Math.max(0, max - w.count)));
    c.header('RateLimit-Reset', String(reset));
    if (w.count > max) throw new ApiError('rate_limited', `more than ${max} requests in ${windowMs / 1000} s; retry in ${reset} s`, {}, { 'retry-after': String(reset) });
    await next();
  };
}
