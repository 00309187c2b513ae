// /api/jurisdictions: browse the administrative tree and search it by name or code.
// A user sees its own subtree and, for breadcrumbs, its own ancestors; an ancestor
// shows only the child on the way down, so no count leaks what lies beside it.
import { createRoute, z } from '@hono/zod-openapi';
import { NATION_CODE, isWithin, type JurisdictionNode } from '../../engine/index.js';
import { canRead, canSeeJurisdiction, type ApiUser } from '../auth.js';
import { ApiError } from '../problem.js';
import { Code, JurisdictionHitSchema, JurisdictionNodeSchema, JurisdictionSchema, JurisdictionViewSchema, Limit, readErrors } from '../schemas.js';
import { router, type Deps } from '../router.js';

const tags = ['jurisdictions'];
const CodeParam = z.object({ code: Code.openapi({ param: { name: 'code', in: 'path' } }) });

const roots = createRoute({
  method: 'get',
  path: '/jurisdictions',
  tags,
  summary: 'The top of the tree you can see (or the children of `parent`)',
  operationId: 'listJurisdictions',
  description: 'Without `parent`: the top of the tree you can see (your own jurisdiction, and its ancestors for the way down). With `parent`: its children. An ancestor of yours shows only the child on your way down.',
  request: { query: z.object({ parent: Code.optional() }) },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(JurisdictionNodeSchema) }) } }, description: 'Jurisdictions' }, ...readErrors },
});

const search = createRoute({
  method: 'get',
  path: '/jurisdictions/search',
  tags,
  summary: 'Search by name (substring) or code (prefix), within your jurisdiction',
  operationId: 'searchJurisdictions',
  description: 'Digits search codes by prefix, anything else names by substring; exact names first, then names that start with the text, then higher levels. Only within your jurisdiction.',
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100).openapi({ example: '孝义' }),
      within: Code.optional().openapi({ description: 'Only under this code (inside your jurisdiction).' }),
      limit: Limit(200, 20),
    }),
  },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(JurisdictionHitSchema) }) } }, description: 'Hits, best first' }, ...readErrors },
});

const show = createRoute({
  method: 'get',
  path: '/jurisdictions/{code}',
  tags,
  summary: 'One jurisdiction with its breadcrumbs and children',
  operationId: 'getJurisdiction',
  description: 'A jurisdiction, its ancestors from the top (breadcrumbs) and its children with how many children each has.',
  request: { params: CodeParam },
  responses: { 200: { content: { 'application/json': { schema: JurisdictionViewSchema } }, description: 'The jurisdiction' }, ...readErrors },
});

const children = createRoute({
  method: 'get',
  path: '/jurisdictions/{code}/children',
  tags,
  summary: 'The children of a jurisdiction',
  operationId: 'listJurisdictionChildren',
  description: 'The children of a jurisdiction you can see, by code, each with its number of children.',
  request: { params: CodeParam },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(JurisdictionNodeSchema) }) } }, description: 'Children, by code' }, ...readErrors },
});

const ancestors = createRoute({
  method: 'get',
  path: '/jurisdictions/{code}/ancestors',
  tags,
  summary: 'A jurisdiction and its ancestors, top first (breadcrumbs)',
  operationId: 'listJurisdictionAncestors',
  description: 'A jurisdiction and its ancestors, the top first: what breadcrumbs show.',
  request: { params: CodeParam },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(JurisdictionSchema) }) } }, description: 'Breadcrumbs' }, ...readErrors },
});

function assertVisible(user: ApiUser, code: string): void {
  if (!canSeeJurisdiction(user, code)) throw new ApiError('forbidden', `${code} is outside your jurisdiction ${user.jurisdictionCode}`);
}

/** Children as this user may see them: an ancestor of its jurisdiction counts only the child on the way down. */
function visibleNodes(user: ApiUser, nodes: JurisdictionNode[]): JurisdictionNode[] {
  return nodes
    .filter((n) => canSeeJurisdiction(user, n.code))
    .map((n) => (canRead(user, n.code) ? n : { ...n, childCount: 1 }));
}

/** The jurisdictions routes. */
export function jurisdictionRoutes(deps: Deps) {
  const jurisdictions = deps.engine.jurisdictions;
  return router()
    .openapi(roots, async (c) => {
      const { parent } = c.req.valid('query');
      if (parent !== undefined) assertVisible(c.var.user, parent);
      return c.json({ items: visibleNodes(c.var.user, await jurisdictions.children(parent)) }, 200);
    })
    .openapi(search, async (c) => {
      const user = c.var.user;
      const q = c.req.valid('query');
      if (q.within !== undefined && !canRead(user, q.within)) throw new ApiError('forbidden', `${q.within} is outside your jurisdiction ${user.jurisdictionCode}`);
      const scope = user.jurisdictionCode === NATION_CODE ? undefined : user.jurisdictionCode;
      const within = q.within !== undefined && q.within !== NATION_CODE ? q.within : scope;
      const hits = await jurisdictions.search({ text: q.q, within, limit: q.limit });
      // The SQL filter is a code prefix; the check here is the rule itself.
      return c.json({ items: hits.filter((h) => isWithin(h.code, user.jurisdictionCode)) }, 200);
    })
    .openapi(show, async (c) => {
      const { code } = c.req.valid('param');
      assertVisible(c.var.user, code);
      const view = await jurisdictions.show(code);
      return c.json({ ...view, children: visibleNodes(c.var.user, view.children) }, 200);
    })
    .openapi(children, async (c) => {
      const { code } = c.req.valid('param');
      assertVisible(c.var.user, code);
      return c.json({ items: visibleNodes(c.var.user, await jurisdictions.children(code)) }, 200);
    })
    .openapi(ancestors, async (c) => {
      const { code } = c.req.valid('param');
      assertVisible(c.var.user, code);
      const items = await jurisdictions.breadcrumbs(code);
      if (items.length === 0) throw new ApiError('not_found', `no jurisdiction "${code}"`);
      return c.json({ items }, 200);
    });
}
