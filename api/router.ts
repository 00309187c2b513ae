// What every route module shares: its dependencies and a router that validates
// with the API's problem format.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Clock, Engine } from '../engine/index.js';
import type { ApiEnv } from './auth.js';
import { defaultHook } from './problem.js';

/** The dependencies of the routes, injected by createApp. */
export type Deps = {
  engine: Engine;
  clock: Clock;
  /** How often the live stream polls the event log, in ms. */
  streamPollMs: number;
  /** How often the live stream sends a keep-alive comment, in ms. */
  streamKeepAliveMs: number;
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a proxy in front (TRUST_PROXY). */
  trustProxy: boolean;
};

/** A router whose request validation failures come out as 422 problems. */
export function router(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({ defaultHook });
}
