// The records behind the API's Idempotency-Key for launches and cancels: a claim per
// (scope, key) with the request's hash, then the response that answers every retry.
import * as apiStore from '../store/api.js';
import type { Db } from '../store/db.js';

export type RequestRecord = apiStore.IdempotencyRow;

export class RequestRecords {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Claim a key for a request (`firstUse` names it, for a later refusal): true when this call made the claim (the request may proceed). */
  claim(scope: string, key: string, requestHash: string, firstUse: string): Promise<boolean> {
    return apiStore.claimIdempotencyKey(this.#db, scope, key, requestHash, firstUse);
  }

  get(scope: string, key: string): Promise<RequestRecord | undefined> {
    return apiStore.getIdempotencyKey(this.#db, scope, key);
  }

  /** Record the response that answers every retry. */
  finish(scope: string, key: string, httpStatus: number, response: unknown): Promise<void> {
    return apiStore.finishIdempotencyKey(this.#db, scope, key, httpStatus, response);
  }

  /** Forget a claim whose request failed, so a corrected retry may use the key. */
  release(scope: string, key: string): Promise<void> {
    return apiStore.releaseIdempotencyKey(this.#db, scope, key);
  }

  /** Forget the records older than `hours`; returns how many. */
  purge(hours: number): Promise<number> {
    return apiStore.purgeIdempotencyKeys(this.#db, hours);
  }

  /** Take over a pending claim made at `createdAt` (its process died): true when this call won it. */
  takeOver(scope: string, key: string, createdAt: string): Promise<boolean> {
    return apiStore.takeOverIdempotencyKey(this.#db, scope, key, createdAt);
  }
}
