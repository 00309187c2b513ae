// Idempotency-Key for the state-changing requests the event log does not make
// idempotent by itself (launch, cancel): the first response is recorded and
// replayed to every retry with the same key and body.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { canonicalJson, type Engine } from '../engine/index.js';
import { ApiError } from './problem.js';

/** A claim older than this whose request never finished belongs to a process that died. */
export const STALE_CLAIM_MS = 60_000;

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
  claim: { scope: string; key: string | undefined; request: unknown },
  operation: () => Promise<{ status: number; body: T }>,
  recover?: (since: string) => Promise<{ status: number; body: T } | undefined>,
): Promise<Recorded<T>> {
  if (claim.key === undefined) return { ...(await operation()), replayed: false };
  const { scope, key } = claim;
  const hash = createHash('sha256').update(canonicalJson(claim.request)).digest('hex');
  if (!(await records.claim(scope, key, hash))) {
    const row = await records.get(scope, key);
    if (!row) return once(records, claim, operation, recover); // released in between: claim again
    if (row.requestHash !== hash) throw new ApiError('idempotency_key_reused', `the Idempotency-Key "${key}" was used with a different request`);
    if (row.status === 'done') return { status: row.httpStatus ?? 200, body: row.response as T, replayed: true };
    if (row.ageMs < STALE_CLAIM_MS)
      throw new ApiError('idempotency_in_progress', `a request with the Idempotency-Key "${key}" is in progress; retry shortly`, {}, { 'retry-after': '1' });
    const done = await recover?.(row.createdAt);
    if (done) {
      await records.finish(scope, key, done.status, done.body);
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
  await records.finish(scope, key, result.status, result.body);
  return { ...result, replayed: false };
}
