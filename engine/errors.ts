// The engine's errors: one class, a stable code each, structured details. The API
// turns them into problem responses in one place.
import type { Issue } from '../definitions/language/validate.js';

export const ERROR_CODES = {
  /** The input does not match its schema; `issues` has every path and message. */
  invalid: 422,
  /** No such definition, campaign, instance or jurisdiction. */
  not_found: 404,
  /** The instance changed since the version the caller expected. */
  version_conflict: 409,
  /** The current state does not accept this event; `allowed` lists what it accepts. */
  event_not_accepted: 409,
  /** A launch or publish that clashes with what exists. */
  conflict: 409,
  /** The caller may not do this here. */
  forbidden: 403,
  /** An idempotency key came back with another request than its first; `firstUse` says which. */
  idempotency_key_reused: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
  static invalid(message: string, issues: Issue[]): EngineError {
    return new EngineError('invalid', message, { issues });
  }
}
