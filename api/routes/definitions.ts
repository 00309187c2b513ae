// /api/definitions: list, read a version, validate without saving, publish, draw the
// state diagram (Mermaid, DOT or SVG), painted with one instance's state or a
// campaign's per-state counts, and draw a definition not published yet (the editor's
// preview).
import { createRoute, z } from '@hono/zod-openapi';
import { activeStateIds, toDot, toMermaid, toSvg } from '../../definitions/diagram/index.js';
import { compile } from '../../definitions/language/compile.js';
import { formatIssue, validateDefinition } from '../../definitions/language/validate.js';
import { EngineError, NATION_CODE } from '../../engine/index.js';
import { actorOf, assertReadable, requireRole } from '../auth.js';
import { idempotencyKey, once } from '../idempotency.js';
import { ApiError } from '../problem.js';
import {
  DefinitionBody,
  DefinitionSchema,
  DefinitionSummarySchema,
  errors,
  IdParam,
  PublishResultSchema,
  readErrors,
  ValidationSchema,
  VersionParam,
} from '../schemas.js';
import { scopedCampaign } from '../scope.js';
import { router, type Deps } from '../router.js';

const tags = ['definitions'];
const DefinitionId = z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'drug-safety-consolidation-action' });

const list = createRoute({
  method: 'get',
  path: '/definitions',
  tags,
  summary: 'List definitions (latest version of each)',
  operationId: 'listDefinitions',
  description: 'Every definition, the latest version of each, with how many versions it has and when the latest was published.',
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(DefinitionSummarySchema) }) } }, description: 'Definitions' }, ...readErrors },
});

const publish = createRoute({
  method: 'post',
  path: '/definitions',
  tags,
  summary: 'Publish a definition as a new immutable version (admin)',
  operationId: 'publishDefinition',
  description:
    'Validated in full first (422 with every issue). Publishing content already published returns that version with `created: false`, so the call is idempotent by content. A definition id belongs to the jurisdiction of the admin who first published it (`owner`): only admins there or above publish its next versions (403 otherwise; publish a copy under a new id). Campaigns keep the version they launched with.',
  request: { body: { content: { 'application/json': { schema: DefinitionBody } }, required: true }, headers: z.object({ 'idempotency-key': z.string().optional() }) },
  responses: {
    201: { content: { 'application/json': { schema: PublishResultSchema } }, description: 'Published' },
    200: { content: { 'application/json': { schema: PublishResultSchema } }, description: 'Already published: its version' },
    ...errors,
  },
});

const validate = createRoute({
  method: 'post',
  path: '/definitions/validate',
  tags,
  summary: 'Validate a definition without saving it',
  operationId: 'validateDefinition',
  description: 'Always 200 for a JSON body: `valid` and every issue with its path and message, the same as `campaign definitions validate`.',
  request: { body: { content: { 'application/json': { schema: DefinitionBody } }, required: true } },
  responses: { 200: { content: { 'application/json': { schema: ValidationSchema } }, description: 'The verdict' }, ...errors },
});

const get = createRoute({
  method: 'get',
  path: '/definitions/{id}',
  tags,
  summary: 'The latest version of a definition, with the list of its versions',
  operationId: 'getDefinition',
  description: 'The latest version of a definition (its content as published, defaults filled in), its owner and the list of its versions.',
  request: { params: z.object({ id: DefinitionId }) },
  responses: { 200: { content: { 'application/json': { schema: DefinitionSchema } }, description: 'The definition' }, ...readErrors },
});

const getVersion = createRoute({
  method: 'get',
  path: '/definitions/{id}/versions/{version}',
  tags,
  summary: 'One version of a definition',
  operationId: 'getDefinitionVersion',
  description: 'One immutable version of a definition, as the campaigns launched with it run it.',
  request: { params: z.object({ id: DefinitionId, version: VersionParam.openapi({ param: { name: 'version', in: 'path' }, example: 1 }) }) },
  responses: { 200: { content: { 'application/json': { schema: DefinitionSchema } }, description: 'The definition' }, ...readErrors },
});

const diagram = createRoute({
  method: 'get',
  path: '/definitions/{id}/diagram',
  tags,
  summary: 'The state diagram of a definition: Mermaid, DOT or SVG, optionally painted',
  operationId: 'getDefinitionDiagram',
  description:
    '`instance=ID` highlights the states that instance is in; `campaign=ID` paints a heat map of how many of the campaign’s instances (within your jurisdiction) are in each state. With either, the campaign’s definition version is drawn.',
  request: {
    params: z.object({ id: DefinitionId }),
    query: z.object({
      format: z.enum(['mermaid', 'dot', 'svg']).default('mermaid'),
      version: VersionParam.optional(),
      instance: IdParam.optional().openapi({ type: 'integer' }),
      campaign: IdParam.optional().openapi({ type: 'integer' }),
    }),
  },
  responses: {
    200: {
      content: {
        'text/vnd.mermaid': { schema: z.string() },
        'text/vnd.graphviz': { schema: z.string() },
        'image/svg+xml': { schema: z.string() },
      },
      description: 'The diagram',
    },
    ...readErrors,
  },
});

const preview = createRoute({
  method: 'post',
  path: '/definitions/preview',
  tags,
  summary: 'Draw a definition that is not published yet (SVG)',
  operationId: 'previewDefinition',
  description: 'The editor’s live preview: the body is validated in full first (422 with every issue), then drawn as the published one would be. Nothing is saved.',
  request: { body: { content: { 'application/json': { schema: DefinitionBody } }, required: true } },
  responses: { 200: { content: { 'image/svg+xml': { schema: z.string() } }, description: 'The diagram' }, ...errors },
});

/** The definitions routes. */
export function definitionRoutes(deps: Deps) {
  const { engine } = deps;

  const versionView = async (id: string, version?: number) => {
    const row = await engine.getDefinition(id, version);
    const versions = await engine.definitionVersions(id);
    const owner = (await engine.definitionOwner(id)) ?? { code: NATION_CODE, name: '全国 (the nation)' };
    return { id: row.id, version: row.version, hash: row.hash, publishedAt: row.createdAt, owner, content: row.content as unknown as Record<string, unknown>, versions };
  };

  return router()
    .openapi(list, async (c) => c.json({ items: await engine.listDefinitions() }, 200))
    .openapi(publish, async (c) => {
      const user = c.var.user;
      requireRole(user, ['admin'], 'publishing a definition');
      // Idempotent by content anyway; a key is still held to the request it was first used for.
      const body = c.req.valid('json');
      const { body: result } = await once(engine.requests, { scope: `user:${user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: '/definitions', body } }, async () => {
        const r = await engine.publishDefinition(body, actorOf(user), { publisher: user.jurisdictionCode });
        return { status: r.created ? 201 : 200, body: r };
      });
      c.header('Location', `/api/definitions/${encodeURIComponent(result.id)}/versions/${result.version}`);
      return result.created ? c.json(result, 201) : c.json(result, 200);
    })
    .openapi(preview, async (c) => {
      const result = validateDefinition(c.req.valid('json'));
      if (!result.ok) throw EngineError.invalid(`${result.issues.length} problems in the definition`, result.issues);
      const svg = await toSvg(toDot(result.definition, compile(result.definition)));
      return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
    })
    .openapi(validate, (c) => {
      const result = validateDefinition(c.req.valid('json'));
      return c.json({ valid: result.ok, issues: result.issues, lines: result.issues.map(formatIssue) }, 200);
    })
    .openapi(get, async (c) => c.json(await versionView(c.req.valid('param').id), 200))
    .openapi(getVersion, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await versionView(id, version), 200);
    })
    .openapi(diagram, async (c) => {
      const user = c.var.user;
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      if (q.instance !== undefined && q.campaign !== undefined)
        throw EngineError.invalid('both instance and campaign', [{ path: ['query', 'campaign'], message: 'give either instance or campaign, not both' }]);
      let version = q.version;
      let highlight: string[] | undefined;
      let counts: Record<string, number> | undefined;
      const pin = (campaignVersion: number, campaignDefinition: string) => {
        if (campaignDefinition !== id) throw new ApiError('not_found', `that campaign runs definition "${campaignDefinition}", not "${id}"`);
        if (version !== undefined && version !== campaignVersion)
          throw EngineError.invalid('version mismatch', [{ path: ['query', 'version'], message: `the campaign runs version ${campaignVersion}` }]);
        version = campaignVersion;
      };
      if (q.instance !== undefined) {
        const row = await engine.instanceRow(q.instance);
        assertReadable(user, row.jurisdictionCode, `instance ${row.id}`);
        const campaign = await engine.campaign(row.campaignId);
        pin(campaign.definitionVersion, campaign.definitionId);
        const { machine } = await engine.compiled(id, campaign.definitionVersion);
        highlight = activeStateIds(machine, row.snapshot.value);
      }
      if (q.campaign !== undefined) {
        const scoped = await scopedCampaign(deps, user, q.campaign);
        pin(scoped.campaign.definitionVersion, scoped.campaign.definitionId);
        counts = {};
        for (const { value, n } of await engine.campaigns.stateCounts(scoped.campaign.id, scoped.focusCode))
          for (const stateId of activeStateIds(scoped.compiled.machine, value)) counts[stateId] = (counts[stateId] ?? 0) + n;
      }
      const row = await engine.getDefinition(id, version);
      const { definition, machine } = await engine.compiled(row.id, row.version);
      const paint = { ...(highlight ? { highlight } : {}), ...(counts ? { counts } : {}) };
      if (q.format === 'mermaid') return c.body(toMermaid(definition, machine, paint), 200, { 'content-type': 'text/vnd.mermaid; charset=utf-8' });
      const dot = toDot(definition, machine, paint);
      if (q.format === 'dot') return c.body(dot, 200, { 'content-type': 'text/vnd.graphviz; charset=utf-8' });
      return c.body(await toSvg(dot), 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
    });
}
