// /api/campaigns: launch, list, read with its roll-up (drill down by code, filter by
// phase, health and overdue), cancel, list its instances, look one up by code, and
// read what the engine wrote for the outside world (the outbox).
import { createRoute, z } from '@hono/zod-openapi';
import { HEALTHS } from '../../definitions/vocabulary.js';
import { EngineError, type CampaignRow } from '../../engine/index.js';
import { actorOf, canRead, requireRole, type ApiUser } from '../auth.js';
import { idempotencyKey, once } from '../idempotency.js';
import { ApiError } from '../problem.js';
import {
  CampaignDetailSchema,
  CampaignSchema,
  CancelBody,
  CancelResultSchema,
  Code,
  errors,
  After, IdParam,
  InstancePageSchema,
  InstanceSchema,
  LaunchBody,
  LaunchResultSchema,
  LevelSchema,
  Limit,
  OutboxPageSchema,
  QueryBool,
  readErrors,
  RollupSchema,
} from '../schemas.js';
import { codeInScope, focusOf, scopedCampaign } from '../scope.js';
import { router, type Deps } from '../router.js';
import { instanceResponse, instanceView } from './instances.js';

const tags = ['campaigns'];
const Id = z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }) });
const RollupQuery = z.object({
  code: Code.optional().openapi({ description: 'Focus on this jurisdiction (default: your focus).' }),
  phase: z.string().max(100).optional(),
  health: z.enum(HEALTHS).optional(),
  overdue: QueryBool.optional(),
});

const list = createRoute({
  method: 'get',
  path: '/campaigns',
  tags,
  summary: 'Campaigns that reach into your jurisdiction',
  operationId: 'listCampaigns',
  description: 'Campaigns rooted in your jurisdiction or above it with an instance in it, each with its focus (where you see it from), filtered by status.',
  request: { query: z.object({ status: z.enum(['running', 'cancelled', 'closed']).optional() }) },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(CampaignSchema) }) } }, description: 'Campaigns' }, ...readErrors },
});

const launch = createRoute({
  method: 'post',
  path: '/campaigns',
  tags,
  summary: 'Launch a campaign on a root jurisdiction (admin of that root)',
  operationId: 'launchCampaign',
  description: 'Creates one instance per jurisdiction of the participating levels under the root, with its deadlines. With `Idempotency-Key`, a retry returns the first launch (header `Idempotent-Replayed: true`).',
  request: { headers: z.object({ 'idempotency-key': z.string().optional() }), body: { content: { 'application/json': { schema: LaunchBody } }, required: true } },
  responses: { 201: { content: { 'application/json': { schema: LaunchResultSchema } }, description: 'Launched' }, ...errors },
});

const get = createRoute({
  method: 'get',
  path: '/campaigns/{id}',
  tags,
  summary: 'A campaign with its roll-up at your focus',
  operationId: 'getCampaign',
  description: 'The campaign (definition, root, dates, status) and its roll-up at your focus: the campaign root when it lies in your subtree, else your own jurisdiction.',
  request: { params: Id },
  responses: { 200: { content: { 'application/json': { schema: CampaignDetailSchema } }, description: 'The campaign' }, ...readErrors },
});

const rollupRoute = createRoute({
  method: 'get',
  path: '/campaigns/{id}/rollup',
  tags,
  summary: 'The roll-up at one jurisdiction: subtree counts by level, phase and health, indicators, children worst first',
  operationId: 'getRollup',
  description: 'Computed on read from the instances: the focus instance, the subtree by level, phase and health, overdue instances, indicators against their targets, and the children ranked worst first (filtered by phase, health or overdue).',
  request: { params: Id, query: RollupQuery },
  responses: { 200: { content: { 'application/json': { schema: RollupSchema } }, description: 'The roll-up' }, ...readErrors },
});

const cancel = createRoute({
  method: 'post',
  path: '/campaigns/{id}/cancel',
  tags,
  summary: 'Cancel a running campaign (admin of its root)',
  operationId: 'cancelCampaign',
  description: 'An admin of the campaign root cancels it: every instance is sent CANCEL (those already at their end are left as they were and counted as `closed`), then the campaign and its deadlines stop. A failure part way is answered as an error and leaves the campaign running; the same request again finishes it.',
  request: { params: Id, headers: z.object({ 'idempotency-key': z.string().optional() }), body: { content: { 'application/json': { schema: CancelBody } }, required: true } },
  responses: { 200: { content: { 'application/json': { schema: CancelResultSchema } }, description: 'Cancelled' }, ...errors },
});

const instances = createRoute({
  method: 'get',
  path: '/campaigns/{id}/instances',
  tags,
  summary: 'The campaign’s instances under a jurisdiction, by code, filtered and paged',
  operationId: 'listCampaignInstances',
  description: 'The instances under a jurisdiction, by code, with their summary columns, filtered by level, phase, health or overdue; `next` is the `after` of the following page.',
  request: {
    params: Id,
    query: z.object({
      under: Code.optional().openapi({ description: 'Default: your focus.' }),
      level: LevelSchema.optional(),
      phase: z.string().max(100).optional(),
      health: z.enum(HEALTHS).optional(),
      overdue: QueryBool.optional(),
      after: Code.optional().openapi({ description: 'The `next` of the previous page.' }),
      limit: Limit(1000, 100),
    }),
  },
  responses: { 200: { content: { 'application/json': { schema: InstancePageSchema } }, description: 'A page of instances' }, ...readErrors },
});

const byCode = createRoute({
  method: 'get',
  path: '/campaigns/{id}/instances/{code}',
  tags,
  summary: 'The campaign’s instance at a jurisdiction (same as GET /instances/{id})',
  operationId: 'getCampaignInstance',
  description: 'The campaign’s instance at a jurisdiction code, as GET /api/instances/{id} answers it, with its ETag.',
  request: { params: Id.extend({ code: Code.openapi({ param: { name: 'code', in: 'path' } }) }) },
  responses: { 200: { content: { 'application/json': { schema: InstanceSchema } }, description: 'The instance' }, ...readErrors },
});

const outbox = createRoute({
  method: 'get',
  path: '/campaigns/{id}/outbox',
  tags,
  summary: 'What the engine wrote for the outside world: notify-parent, suspend-business, rectification-opened',
  operationId: 'listOutbox',
  description: 'The effects the engine wrote for the world, oldest first, within your focus: notifying the parent (also escalations), suspending a business, a rectification notice opened. Paged by id; filter by kind or kind prefix.',
  request: {
    params: Id,
    query: z.object({
      after: After.optional().transform((v) => v ?? 0),
      limit: Limit(500, 100),
      kind: z.string().max(100).optional().openapi({ description: 'A kind, or a prefix before ":" (notify-parent matches notify-parent:escalated).' }),
    }),
  },
  responses: { 200: { content: { 'application/json': { schema: OutboxPageSchema } }, description: 'Notifications, oldest first' }, ...readErrors },
});

/** A campaign row as the API shows it to a user. */
export async function campaignView(deps: Deps, user: ApiUser, c: CampaignRow) {
  const { definition } = await deps.engine.compiled(c.definitionId, c.definitionVersion);
  const root = await deps.engine.jurisdictions.get(c.rootCode);
  return {
    id: c.id,
    definitionId: c.definitionId,
    definitionVersion: c.definitionVersion,
    kind: definition.kind,
    title: definition.title,
    rootCode: c.rootCode,
    rootName: root?.name ?? c.rootCode,
    launchDate: c.launchDate,
    status: c.status,
    closedAt: c.closedAt,
    dates: c.dates,
    originInstanceId: c.originInstanceId,
    focusCode: focusOf(user, c.rootCode) ?? user.jurisdictionCode,
  };
}

/** The campaigns routes. */
export function campaignRoutes(deps: Deps) {
  const { engine } = deps;
  return router()
    .openapi(list, async (c) => {
      const user = c.var.user;
      const { status } = c.req.valid('query');
      const rows = await engine.campaigns.list(user.jurisdictionCode);
      const visible = rows.filter((r) => focusOf(user, r.rootCode) !== undefined && (!status || r.status === status));
      return c.json({ items: await Promise.all(visible.map((r) => campaignView(deps, user, r))) }, 200);
    })
    .openapi(launch, async (c) => {
      const user = c.var.user;
      requireRole(user, ['admin'], 'launching a campaign');
      const body = c.req.valid('json');
      if (!canRead(user, body.rootCode)) throw new ApiError('forbidden', `${body.rootCode} is outside your jurisdiction ${user.jurisdictionCode}`);
      const actor = actorOf(user);
      const answer = async (campaignId: number, counts: { instances: number; byLevel: Record<string, number>; timers: number }) => {
        const campaign = await engine.campaign(campaignId);
        return { status: 201, body: { campaignId, ...counts, campaign: await campaignView(deps, user, campaign) } };
      };
      const done = await once(
        engine.requests,
        { scope: `user:${user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: '/campaigns', body } },
        async () => {
          const r = await engine.launch({ ...body, actor });
          return answer(r.campaignId, r);
        },
        async (since) => {
          // The launch committed but its response was never recorded: find it, and count what it made.
          const found = await engine.campaigns.findLaunch({ definitionId: body.definitionId, rootCode: body.rootCode, launchDate: body.launchDate, launchedBy: actor, since });
          return found && answer(found.campaignId, found);
        },
      );
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/api/campaigns/${done.body.campaignId}`);
      return c.json(done.body, 201);
    })
    .openapi(get, async (c) => {
      const user = c.var.user;
      const scoped = await scopedCampaign(deps, user, c.req.valid('param').id);
      const [campaign, r] = await Promise.all([
        campaignView(deps, user, scoped.campaign),
        engine.campaigns.rollup({ campaign: scoped.campaign, definition: scoped.compiled.definition }, scoped.focusCode),
      ]);
      return c.json({ campaign, rollup: r }, 200);
    })
    .openapi(rollupRoute, async (c) => {
      const user = c.var.user;
      const scoped = await scopedCampaign(deps, user, c.req.valid('param').id);
      const q = c.req.valid('query');
      const code = codeInScope(user, scoped, q.code);
      const subject = { campaign: scoped.campaign, definition: scoped.compiled.definition };
      return c.json(await engine.campaigns.rollup(subject, code, { phase: q.phase, health: q.health, overdue: q.overdue }), 200);
    })
    .openapi(cancel, async (c) => {
      const user = c.var.user;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      requireRole(user, ['admin'], 'cancelling a campaign');
      const scoped = await scopedCampaign(deps, user, id);
      if (!canRead(user, scoped.campaign.rootCode)) throw new ApiError('forbidden', `campaign ${id} is run from ${scoped.campaign.rootCode}, above your jurisdiction ${user.jurisdictionCode}`);
      const done = await once(engine.requests, { scope: `user:${user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: `/campaigns/${id}/cancel`, body } }, async () => {
        const r = await engine.cancelCampaign(id, actorOf(user), body.reason);
        return { status: 200, body: { campaignId: id, cancelled: r.cancelled, closed: r.closed, status: 'cancelled' as const } };
      });
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, 200);
    })
    .openapi(instances, async (c) => {
      const user = c.var.user;
      const scoped = await scopedCampaign(deps, user, c.req.valid('param').id);
      const q = c.req.valid('query');
      const under = codeInScope(user, scoped, q.under);
      return c.json(await engine.campaigns.instances(scoped.campaign.id, under, { ...q, afterCode: q.after }), 200);
    })
    .openapi(byCode, async (c) => {
      const user = c.var.user;
      const { id, code } = c.req.valid('param');
      const scoped = await scopedCampaign(deps, user, id);
      codeInScope(user, scoped, code);
      const row = await engine.campaigns.instanceAt(id, code);
      if (!row) throw new EngineError('not_found', `campaign ${id} has no instance at ${code}`);
      return c.json(instanceResponse(c, await instanceView(deps, user, row.id)), 200);
    })
    .openapi(outbox, async (c) => {
      const user = c.var.user;
      const scoped = await scopedCampaign(deps, user, c.req.valid('param').id);
      const q = c.req.valid('query');
      return c.json(await engine.campaigns.outbox(scoped.campaign.id, scoped.focusCode, q), 200);
    });
}
