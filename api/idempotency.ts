// Idempotency-Key for the state-changing requests the event log does not make
// idempotent by itself (launch, cancel, publish, users and tokens): the first response
// is recorded with a fingerprint of the request (method, route, canonical body, and
// the user, who is the scope) and replayed to every retry of the same request; the
// same key with another request is refused, naming its first use. Keys are kept for
// IDEMPOTENCY_WINDOW_HOURS, then purged by the server.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { canonicalJson, type Engine } from '../engine/index.js';
import { ApiError } from './problem.js';

/** A claim older than this whose request never finished belongs to a process that died. */
export const STALE_CLAIM_MS = 60_000;

/** How long a key is remembered (documented in docs/api.md): a retry within it is answered as the first request was. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

/** The `Idempotency-Key` header, checked: 1–200 visible ASCII characters; undefined when absent. */
export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new ApiError('bad_request', 'the Idempotency-Key header must be 1 to 200 visible ASCII characters');
  return key;
}

export type Recorded<T> = { status: number; body: T; replayed: boolean };

/**
 * Run `operation` once per (scope, key): a retry with the same body gets the
 * recorded response; another body under the same key is refused (422); a retry
 * while the first is still running gets a 409. A failed operation records nothing,
 * so a corrected request may reuse the key. `recover` finds the result of an
 * operation whose process died after doing the work but before recording it.
 */
export async function once<T>(
  records: Engine['requests'],
  claim: { scope: string; key: string | undefined; request: { method: string; route: string; body: unknown } },
  operation: () => Promise<{ status: number; body: T }>,
  recover?: (since: string) => Promise<{ status: number; body: T } | undefined>,
  /** What of the response may be kept for a replay (a new token must not be). */
  keep: (body: T) => T = (body) => body,
): Promise<Recorded<T>> {
  if (claim.key === undefined) return { ...(await operation()), replayed: false };
  const { scope, key } = claim;
  const hash = fingerprint(claim.request);
  const firstUse = `${claim.request.method} /api${claim.request.route}`;
  if (!(await records.claim(scope, key, hash, firstUse))) {
    const row = await records.get(scope, key);
    if (!row) return once(records, claim, operation, recover, keep); // released in between: claim again
    if (row.requestHash !== hash)
      throw new ApiError('idempotency_key_reused', `the Idempotency-Key "${key}" was first used at ${row.createdAt} for ${row.firstUse ?? 'another request'} with another body; use a new key for a new request`, {
        firstUse: { at: row.createdAt, request: row.firstUse ?? null },
      });
    if (row.status === 'done') return { status: row.httpStatus ?? 200, body: row.response as T, replayed: true };
    if (row.ageMs < STALE_CLAIM_MS)
      throw new ApiError('idempotency_in_progress', `a request with the Idempotency-Key "${key}" is in progress; retry shortly`, {}, { 'retry-after': '1' });
    const done = await recover?.(row.createdAt);
    if (done) {
      await records.finish(scope, key, done.status, keep(done.body));
      return { ...done, replayed: true };
    }
    if (!(await records.takeOver(scope, key, row.createdAt)))
      throw new ApiError('idempotency_in_progress', `a request with the Idempotency-Key "${key}" is in progress; retry shortly`, {}, { 'retry-after': '1' });
  }
  let result: { status: number; body: T };
  try {
    result = await operation();
  } catch (e) {
    await records.release(scope, key);
    throw e;
  }
  await records.finish(scope, key, result.status, keep(result.body));
  return { ...result, replayed: false };
}

/** The fingerprint of a request: sha256 of its method, route and canonical body. */
export function fingerprint(request: { method: string; route: string; body: unknown }): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * Forget the keys older than the window: the API's records, and the keys on the
 * events its callers sent (the events themselves stay). The server runs this hourly.
 */
export async function purgeIdempotencyKeys(engine: Engine, hours = IDEMPOTENCY_WINDOW_HOURS): Promise<{ requests: number; events: number }> {
  const requests = await engine.requests.purge(hours);
  const events = await engine.purgeEventKeys('user:', hours);
  return { requests, events };
}
