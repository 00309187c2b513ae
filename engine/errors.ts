// The engine's errors: one class, a stable code each, structured details. The API
// turns them into problem responses in one place (api/problem.ts), with its statuses.
import type { Issue } from '../definitions/language/validate.js';

/** The engine's error codes, one doc line each. */
export const ERROR_CODES = [
  /** The input does not match its schema; `issues` has every path and message. */
  'invalid',
  /** No such definition, campaign, instance or jurisdiction. */
  'not_found',
  /** The instance changed since the version the caller expected; `version` is the current one. */
  'version_conflict',
  /** The current state does not accept this event; `allowed` lists what it accepts, `reasons` why not. */
  'event_not_accepted',
  /** A launch, publish or cancel that clashes with what exists. */
  'conflict',
  /** The caller may not do this here (a system event, or its policy's refusal). */
  'forbidden',
  /** An idempotency key came back with another request than its first; `firstUse` says which. */
  'idempotency_key_reused',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }
  static invalid(message: string, issues: Issue[]): EngineError {
    return new EngineError('invalid', message, { issues });
  }
}
