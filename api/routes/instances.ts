// /api/instances: one jurisdiction's instance of a campaign — its state, summary,
// deadlines and what may be sent now (with an ETag), its history, and sending an
// event (validated per type, permission-checked, If-Match and Idempotency-Key aware).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordItems } from '../../definitions/language/compile.js';
import { MAX_HISTORY_PAGE, type SendPolicy } from '../../engine/index.js';
import { actorOf, assertReadable, canRead, sendableTypes, sendRefusal, type ApiUser, type SendRefusal } from '../auth.js';
import { idempotencyKey } from '../idempotency.js';
import { ApiError } from '../problem.js';
import { Digits, errors, EventBody, HistorySchema, IdParam, INT4_MAX, InstanceSchema, Limit, readErrors, SendResultSchema } from '../schemas.js';
import { router, type Deps } from '../router.js';

const tags = ['instances'];
const Id = z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }) });
const etagHeader = { ETag: { schema: { type: 'string' as const }, description: 'The instance version, quoted: send it back in If-Match.' } };

const get = createRoute({
  method: 'get',
  path: '/instances/{id}',
  tags,
  summary: 'An instance: state, summary, deadlines, the events it accepts now',
  operationId: 'getInstance',
  description: 'The instance’s state value, summary columns, pending deadlines, the event types its state handles now (`allowed`) and those you may send (`permitted`), its context (leading group, tasks, reports, indicators, overdue items, units, risks), with `ETag: "<version>"`.',
  request: { params: Id },
  responses: { 200: { content: { 'application/json': { schema: InstanceSchema } }, headers: etagHeader, description: 'The instance' }, ...readErrors },
});

const history = createRoute({
  method: 'get',
  path: '/instances/{id}/history',
  tags,
  summary: 'The instance’s events, oldest first, paged by sequence number',
  operationId: 'getHistory',
  description: 'The events applied to the instance, oldest first, with their payload, actor and time; up to 500 a page, `next` is the `after` of the following page.',
  request: { params: Id, query: z.object({ after: Digits(0, INT4_MAX).optional().transform((v) => v ?? 0), limit: Limit(MAX_HISTORY_PAGE, 50) }) },
  responses: { 200: { content: { 'application/json': { schema: HistorySchema } }, description: 'A page of events' }, ...readErrors },
});

const send = createRoute({
  method: 'post',
  path: '/instances/{id}/events',
  tags,
  summary: 'Send an event to an instance',
  operationId: 'sendEvent',
  description: [
    'The body is `{ "type": …, …payload }`; each type has its own payload schema (see EventRequest). Unknown fields are refused.',
    'Who may send: the definition’s `permissions` (over the defaults) name the roles per type; an official sends only to its own jurisdiction’s instance, an inspector only to instances below its jurisdiction, an admin anywhere in its subtree, a viewer never.',
    '`If-Match: "<version>"` refuses the event (409 `version_conflict`) unless the instance is at that version. `Idempotency-Key` makes a retry return the first result (`duplicate: true`) without applying it again.',
    'An event the state does not accept is a 409 `event_not_accepted`: `detail` says why, `allowed` lists the types the state accepts now, and the engine’s other reasons (e.g. the exit conditions that do not hold) come with it unchanged.',
  ].join('\n\n'),
  request: {
    params: Id,
    headers: z.object({ 'if-match': z.string().optional(), 'idempotency-key': z.string().optional() }),
    body: { content: { 'application/json': { schema: EventBody } }, required: true },
  },
  responses: { 200: { content: { 'application/json': { schema: SendResultSchema } }, headers: etagHeader, description: 'Applied (or, for a retried key, the first result)' }, ...errors },
});

/** `"3"`, `W/"3"` → 3; `*` → undefined (any version); absent → undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new ApiError('bad_request', 'If-Match must be an ETag of this API, e.g. "3" (with the quotes), or *');
  return Number(m[1]);
}

/**
 * Who may send what where, asked by the engine on the locked instance: the instance
 * must lie in the user's subtree, and the definition must let the user's role send
 * the event there.
 */
export function sendPolicy(user: ApiUser): SendPolicy {
  return ({ instance, definition, event }) => {
    const code = instance.jurisdictionCode;
    const refusal: SendRefusal | null = canRead(user, code)
      ? sendRefusal(user, definition, event.type, code)
      : { code: 'outside-jurisdiction', message: { zh: `${code} 不在您的辖区 ${user.jurisdictionCode} 内`, en: `instance ${instance.id} at ${code} is outside your jurisdiction ${user.jurisdictionCode}` } };
    // Structured like the engine's own refusals: the reason with its code, and its words.
    return refusal === null ? undefined : { reason: refusal.message.en, details: { reasons: [refusal], message: refusal.message } };
  };
}

/** The instance as a user sees it (403 outside its subtree), with what it may send now. */
export async function instanceView(deps: Deps, user: ApiUser, id: number) {
  const { engine } = deps;
  const row = await engine.instance(id);
  assertReadable(user, row.jurisdictionCode, `instance ${id}`);
  const { definition } = await engine.compiledForCampaign(row.campaignId);
  const [jurisdiction, rectifications] = await Promise.all([engine.jurisdictions.get(row.jurisdictionCode), engine.campaigns.openedFrom(row.id)]);
  const ctx = row.snapshot.context;
  return {
    id: row.id,
    campaignId: row.campaignId,
    code: row.jurisdictionCode,
    name: jurisdiction?.name ?? row.jurisdictionCode,
    level: row.level,
    parentId: row.parentId,
    version: row.version,
    status: row.snapshot.status,
    value: row.snapshot.value as unknown,
    summary: row.summary,
    allowed: row.allowed,
    permitted: sendableTypes(user, definition, row.allowed, row.jurisdictionCode),
    deadlines: row.deadlines,
    leadingGroup: ctx.leadingGroup,
    tasks: ctx.tasks,
    reports: ctx.reports,
    indicators: ctx.indicators,
    record: recordItems(definition, ctx),
    units: ctx.units,
    findings: ctx.findings,
    reviews: ctx.reviews,
    cases: ctx.cases,
    referrals: ctx.referrals,
    waitingFor: ctx.waitingFor,
    checks: ctx.checks,
    risks: ctx.risks,
    inspections: ctx.inspections,
    commendations: ctx.commendations,
    rectifications,
    updatedAt: row.updatedAt,
  };
}

/** Answer with an instance view and its ETag. */
export function instanceResponse<C extends Context>(c: C, view: Awaited<ReturnType<typeof instanceView>>) {
  c.header('ETag', `"${view.version}"`);
  return view;
}

/** The instances routes. */
export function instanceRoutes(deps: Deps) {
  const { engine } = deps;
  return router()
    .openapi(get, async (c) => c.json(instanceResponse(c, await instanceView(deps, c.var.user, c.req.valid('param').id)), 200))
    .openapi(history, async (c) => {
      const { id } = c.req.valid('param');
      const { after, limit } = c.req.valid('query');
      const row = await engine.instanceRow(id);
      assertReadable(c.var.user, row.jurisdictionCode, `instance ${id}`);
      const page = await engine.history(id, { after, limit });
      const items = page.items.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload, actor: e.actor, at: e.at, recordedAt: e.recordedAt }));
      return c.json({ items, next: page.next }, 200);
    })
    .openapi(send, async (c) => {
      const user = c.var.user;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const expectedVersion = parseIfMatch(c.req.header('if-match'));
      const key = idempotencyKey(c);
      // Keys are per user, so two users who happen to pick the same key do not collide.
      const idem = key === undefined ? undefined : `user:${user.id}:${key}`;
      // A key first used for another route (a launch, another instance) is not a retry of this event.
      if (key !== undefined) {
        const other = await engine.requests.get(`user:${user.id}`, key);
        if (other) throw new ApiError('idempotency_key_reused', `the Idempotency-Key "${key}" was first used at ${other.createdAt} for ${other.firstUse ?? 'another request'}; use a new key for a new request`, { firstUse: { at: other.createdAt, request: other.firstUse } });
        const elsewhere = await engine.eventKeyUse(idem!, id);
        if (elsewhere)
          throw new ApiError('idempotency_key_reused', `the Idempotency-Key "${key}" was first used at ${elsewhere.at} for event ${elsewhere.seq} (${elsewhere.type}) of instance ${elsewhere.instanceId}; use a new key for a new request`, {
            firstUse: { ...elsewhere, request: `POST /api/instances/${elsewhere.instanceId}/events` },
          });
      }
      // The engine asks the policy on the locked instance and answers its own refusals.
      const result = await engine.send(id, body, { actor: actorOf(user), idempotencyKey: idem, expectedVersion, policy: sendPolicy(user) });
      c.header('ETag', `"${result.version}"`);
      return c.json({ ...result, value: result.value }, 200);
    });
}
