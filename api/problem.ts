// The one place where errors become HTTP responses: RFC 9457 problem documents
// (`application/problem+json`) with a stable `code`, from engine errors, the API's own
// errors, Hono's HTTP exceptions and zod validation failures alike.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { humanError } from '../definitions/language/zod-messages.js';
import { formatIssue, issuesFromZod, type Issue } from '../definitions/language/validate.js';
import { EngineError, sqlState } from '../engine/index.js';

// NOTE: route validation runs zod without a per-parse error map, so the API installs
// the definitions' human messages globally: a request body gets the same wording
// ("is required", "must be a whole number") as the CLI and the engine give.
z.config({ customError: humanError });

/** Every problem code the API answers with, its HTTP status and its title. */
export const PROBLEMS = {
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  bad_request: { status: 400, title: 'The request is malformed' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'Not allowed for this user here' },
  not_found: { status: 404, title: 'No such resource' },
  version_conflict: { status: 409, title: 'The instance has changed since that version' },
  event_not_accepted: { status: 409, title: 'The current state does not accept this event' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  idempotency_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  not_acceptable: { status: 406, title: 'None of the formats asked for is available' },
  invalid: { status: 422, title: 'The input is not valid' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * The problem document. Besides the RFC 9457 members and `code`, it carries the
 * error's structured details as extension members, whatever they are: `issues`,
 * `allowed` and `version` with the codes that have them, and any other reason the
 * engine gives (e.g. the exit conditions that do not hold).
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  issues?: Issue[];
  allowed?: string[];
  version?: number;
  /** Why an event was refused: each reason with its code, the objects it names and its words in Chinese and English. */
  reasons?: Record<string, unknown>[];
  /** The detail in both languages, where the engine gives both. */
  message?: { zh: string; en: string };
  /** With `idempotency_key_reused`: when and for what the key was first used. */
  firstUse?: Record<string, unknown>;
  [extension: string]: unknown;
};

/** The members a detail may not overwrite. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code']);

/** Structured details as extension members, the problem's own members left alone. */
function extensions(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([k, v]) => !RESERVED.has(k) && v !== undefined));
}

/** An error the API itself raises (authentication, limits, headers); engine errors keep their own class. */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(code: ProblemCode, detail: string, extra: ApiError['extra'] = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

/** Hono's HTTP exceptions by status. */
const HTTP_CODES: Partial<Record<number, ProblemCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'rate_limited',
};

/** The `type` URI of a code: a page of this API that explains it. */
export const problemType = (code: ProblemCode) => `/api/problems/${code}`;

export function makeProblem(code: ProblemCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  const p = PROBLEMS[code];
  return { ...extensions(extra), type: problemType(code), title: p.title, status: p.status, detail, code };
}

/** Any thrown value as a problem, plus headers it needs (WWW-Authenticate, Retry-After). */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ApiError) return { problem: makeProblem(error.code, error.message, error.extra), headers: error.headers };
  // The engine's refusal reaches the caller as the engine said it: its message, and every detail it carries.
  if (error instanceof EngineError) return { problem: makeProblem(error.code, error.message, error.details), headers: {} };
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 400 && /json/i.test(error.message)) return { problem: makeProblem('malformed_json', 'the request body is not valid JSON'), headers: {} };
    const code = HTTP_CODES[status];
    if (code) return { problem: makeProblem(code, error.message || PROBLEMS[code].title), headers: {} };
    if (status >= 400 && status < 500) return { problem: { ...makeProblem('bad_request', error.message || PROBLEMS.bad_request.title), status }, headers: {} };
  }
  // A safety net, not a validation strategy: a value the database refuses (out of
  // range, malformed) is the client's mistake that a schema missed, not a server fault.
  const state = sqlState(error);
  if (state?.startsWith('22')) {
    console.warn('a request value reached the database and was refused:', state, (error as Error).message);
    return { problem: makeProblem('invalid', 'a value in the request is out of range or cannot be stored', { issues: [] }), headers: {} };
  }
  if (state?.startsWith('23')) return { problem: makeProblem('conflict', 'the request conflicts with data already there'), headers: {} };
  return { problem: makeProblem('internal', 'the server failed; the error is logged'), headers: {} };
}

/** The response for a problem. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** `app.onError`: every thrown error ends here. Only a 500 is logged. */
export function onError(error: unknown, c: Context): Response {
  const { problem, headers } = toProblem(error);
  if (problem.status >= 500) console.error(`${c.req.method} ${c.req.path}:`, error);
  return problemResponse(problem, headers);
}

/** `app.notFound`. */
export function notFound(c: Context): Response {
  return problemResponse(makeProblem('not_found', `no route ${c.req.method} ${c.req.path}`));
}

/** Zod issues as the API's issues; query, path and header issues name their part first. */
export function validationIssues(error: { issues: readonly z.core.$ZodIssue[] }, target?: string): Issue[] {
  const issues = issuesFromZod(error);
  if (!target || target === 'json') return issues;
  const part = target === 'param' ? 'path' : target;
  return issues.map((i) => ({ ...i, path: [part, ...i.path] }));
}

/**
 * The OpenAPIHono `defaultHook`: a request that fails its route's schemas gets a 422
 * problem listing every issue, in the same format as engine validation errors.
 */
export function defaultHook(result: { success: boolean; error?: unknown; target?: string }, _c: Context): Response | undefined {
  if (result.success) return undefined;
  const error = result.error as { issues: readonly z.core.$ZodIssue[] };
  const issues = validationIssues(error, result.target);
  const detail = issues.length === 1 ? formatIssue(issues[0]!) : `${issues.length} problems in the request`;
  return problemResponse(makeProblem('invalid', detail, { issues }));
}
