// Small routes about the API itself: health, who am I, and the problem types.
import { createRoute, z } from '@hono/zod-openapi';
import { PROBLEMS, type ProblemCode } from '../problem.js';
import { DateTime, MeSchema, problem, readErrors } from '../schemas.js';
import { router, type Deps } from '../router.js';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  summary: 'Liveness: the server answers and its database too',
  operationId: 'getHealth',
  description: 'Answers 200 with the server time when the server and its database answer; no token needed. For load balancers and monitoring.',
  security: [],
  responses: {
    200: { content: { 'application/json': { schema: z.object({ ok: z.boolean(), time: DateTime }) } }, description: 'Healthy' },
    429: readErrors[429],
    500: problem('The database does not answer (`internal`).'),
  },
});

const problems = createRoute({
  method: 'get',
  path: '/problems/{code}',
  tags: ['meta'],
  summary: 'What a problem `type` means',
  operationId: 'getProblemType',
  description: 'The `type` of every problem document points here: its code, HTTP status and title.',
  security: [],
  request: { params: z.object({ code: z.enum(Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]).openapi({ param: { name: 'code', in: 'path' } }) }) },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ code: z.string(), status: z.number().int(), title: z.string() }) } }, description: 'The problem type' },
    422: readErrors[422],
  },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['meta'],
  summary: 'The user of the token, its role and jurisdiction',
  operationId: 'getMe',
  description: 'Who the bearer token (or session) belongs to: the user, its role and its jurisdiction, which bounds everything it may read or do.',
  responses: { 200: { content: { 'application/json': { schema: MeSchema } }, description: 'You' }, ...readErrors },
});

/** Routes anyone may call, without a token. */
export function publicMetaRoutes(deps: Deps) {
  return router()
    .openapi(health, async (c) => {
      await deps.engine.ping();
      return c.json({ ok: true, time: deps.clock.now().toISOString() }, 200);
    })
    .openapi(problems, (c) => {
      const { code } = c.req.valid('param');
      return c.json({ code, ...PROBLEMS[code] }, 200);
    });
}

/** Routes about the caller. */
export function meRoutes(deps: Deps) {
  return router().openapi(me, async (c) => {
    const u = c.var.user;
    const j = await deps.engine.jurisdictions.get(u.jurisdictionCode);
    return c.json({ id: u.id, name: u.name, role: u.role, jurisdiction: { code: u.jurisdictionCode, name: j?.name ?? u.jurisdictionCode, level: j?.level ?? '' } }, 200);
  });
}
