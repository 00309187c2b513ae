// The HTTP API as a Hono app: createApp({ engine }) wires the routes under /api, the
// one error handler, authentication, limits, the OpenAPI document and its reference
// page. It reads no environment: server.ts (or a test) injects everything.
import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import type { Clock, Engine } from '../engine/index.js';
import { addressRateLimit, bodyGuard, securityHeaders, type AddressLimitOptions } from './guard.js';
import { authenticate, type ApiEnv } from './auth.js';
import { defaultHook, notFound, onError } from './problem.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';
import { textGuard } from './text-guard.js';
import { router, type Deps } from './router.js';
import { campaignRoutes } from './routes/campaigns.js';
import { definitionRoutes } from './routes/definitions.js';
import { documentRoutes, documentStyleRoutes } from './routes/documents.js';
import { exportRoutes } from './routes/exports.js';
import { instanceRoutes } from './routes/instances.js';
import { jurisdictionRoutes } from './routes/jurisdictions.js';
import { meRoutes, publicMetaRoutes } from './routes/meta.js';
import { referenceRoutes } from './routes/reference.js';
import { streamRoutes } from './routes/stream.js';
import { sessionRoutes, userRoutes } from './routes/users.js';

export type AppOptions = {
  engine: Engine;
  /** Default: the engine's clock. */
  clock?: Clock;
  /** Largest request body in bytes (default 1 MiB); larger ones get a 413. */
  bodyLimitBytes?: number;
  /** Per-user request limit (default 600 a minute); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Per-address request limit before authentication (default 1200 a minute); false turns it off. */
  addressLimit?: AddressLimitOptions | false;
  /** How often a live stream polls for changes (default 500 ms). */
  streamPollMs?: number;
  /** Keep-alive comment interval of a live stream (default 15 s). */
  streamKeepAliveMs?: number;
  /** A TLS proxy in front sets X-Forwarded-For and X-Forwarded-Proto, and is trusted to (default false). */
  trustProxy?: boolean;
  /** Aborting it ends every live stream, so the server can close (shutdown). */
  signal?: AbortSignal;
  /** Mount more routes after the API (the web UI at / and /ui/*). */
  extend?: (app: OpenAPIHono<ApiEnv>) => void;
};

/** Where the API lives; `/` and `/ui/*` are left to the web UI. */
export const API_BASE = '/api';

/**
 * The API app. Routes are under /api; /api/openapi.json, /api/reference, /api/health
 * and /api/problems/{code} are public, everything else needs a bearer token.
 */
export function createApp(options: AppOptions) {
  const deps: Deps = {
    engine: options.engine,
    clock: options.clock ?? options.engine.clock,
    streamPollMs: options.streamPollMs ?? 500,
    streamKeepAliveMs: options.streamKeepAliveMs ?? 15_000,
    trustProxy: options.trustProxy ?? false,
  };
  const limit = options.bodyLimitBytes ?? 1024 * 1024;

  const app = new OpenAPIHono<ApiEnv>({ defaultHook });
  app.onError(onError);
  app.notFound(notFound);
  // Before any route, the UI's included: headers on every answer, compression of JSON
  // and text (never of the live stream), the per-address limit, the body's size and depth.
  app.use('*', securityHeaders());
  app.use('*', compress());
  if (options.addressLimit !== false) app.use('*', addressRateLimit({ trustProxy: options.trustProxy ?? false, ...(options.addressLimit ?? {}) }));
  app.use('*', ...bodyGuard(limit));

  // Public: documentation and health, registered before the token check below.
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'A token from `campaign users create` or the demo.' });
  app.doc31(`${API_BASE}/openapi.json`, {
    openapi: '3.1.0',
    info: {
      title: 'Campaign Engine API',
      version: '1.0.0',
      license: { name: 'UNLICENSED: proprietary, for the offices that run it' },
      description: [
        'Safety campaigns run down the administrative tree of China: definitions, jurisdictions, campaigns and their roll-ups, instances and their events.',
        'Authenticate with `Authorization: Bearer <token>`. A user reads and acts only within its jurisdiction’s subtree; a campaign rooted above it is seen from its own jurisdiction (`focusCode`).',
        'Every error is an RFC 9457 `application/problem+json` document with a stable `code`. State-changing POSTs take an `Idempotency-Key`.',
      ].join('\n\n'),
    },
    // The document is served by the server it describes; its paths start with /api.
    servers: [{ url: '/', description: 'The server that serves this document' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'definitions', description: 'Campaign definitions (行动方案模板): immutable versions' },
      { name: 'jurisdictions', description: 'The administrative tree (行政区划)' },
      { name: 'campaigns', description: 'Campaigns (专项行动) and their roll-ups (逐级汇总)' },
      { name: 'instances', description: 'One jurisdiction’s instance (辖区实例) and its events' },
      { name: 'exports', description: 'Roll-ups as CSV and Excel' },
      { name: 'documents', description: 'Documents officials issue (公文): 实施方案, 通报, 整改通知书, 工作总结 — DOCX or a print page; 发文字号' },
      { name: 'meta', description: 'Health, the caller, problem types' },
      { name: 'users', description: 'Users and their bearer tokens: create, disable, issue, revoke, rotate' },
      { name: 'session', description: 'The web UI’s sign-in: a session cookie for a token' },
    ],
  });
  app.route('/', referenceRoutes(`${API_BASE}/reference`, `${API_BASE}/openapi.json`));

  const secured = router();
  secured.use('*', authenticate(options.engine.users));
  if (options.rateLimit !== false) secured.use('*', rateLimit(options.rateLimit ?? {}));
  secured.use('*', textGuard());

  const api = app
    .route(API_BASE, publicMetaRoutes(deps))
    .route(API_BASE, documentStyleRoutes())
    .route(API_BASE, sessionRoutes(deps))
    .route(
      API_BASE,
      secured
        .route('/', meRoutes(deps))
        .route('/', userRoutes(deps))
        .route('/', definitionRoutes(deps))
        .route('/', jurisdictionRoutes(deps))
        .route('/', campaignRoutes(deps))
        .route('/', exportRoutes(deps))
        .route('/', documentRoutes(deps))
        .route('/', streamRoutes(deps, options.signal))
        .route('/', instanceRoutes(deps)),
    );
  options.extend?.(app);
  return api;
}

/** The app's type, for the typed client (api/client.ts). */
export type AppType = ReturnType<typeof createApp>;
