// /api/campaigns/{id}/stream: a live stream (Server-Sent Events) of the campaign's
// changes within the caller's jurisdiction, for the UI.
// NOTE: it tails the events table by id, polling every ~500 ms, rather than LISTEN/
// NOTIFY: the same query works on PGlite and Postgres, the engine need not NOTIFY, and
// a client that reconnects with Last-Event-ID resumes exactly where it left off.
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { ApiError } from '../problem.js';
import { After, IdParam, problem, readErrors } from '../schemas.js';
import { scopedCampaign } from '../scope.js';
import { router, type Deps } from '../router.js';

const stream = createRoute({
  method: 'get',
  path: '/campaigns/{id}/stream',
  tags: ['campaigns'],
  summary: 'Live changes of a campaign (Server-Sent Events)',
  operationId: 'streamCampaign',
  description: [
    'First an `event: ready` with where the stream starts, then one `event: change` per event applied to an instance within your jurisdiction:',
    '`data: {"id":…, "instanceId":…, "code":"141181001", "level":"township", "seq":4, "type":"FILE_REPORT", "actor":…, "at":…, "phase":…, "health":…}` with `id:` the event id.',
    'Starts after `after` or the `Last-Event-ID` header, else at the newest event. Comments (`: keep-alive`) keep idle connections open.',
  ].join('\n\n'),
  request: {
    params: z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }) }),
    query: z.object({ after: After.optional().openapi({ description: 'Send changes after this event id.' }) }),
  },
  responses: {
    200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The stream' },
    400: problem('`Last-Event-ID` is not an event id (`bad_request`).'),
    ...readErrors,
  },
});

/** Live streams one user may hold open at once (a dashboard and a few tabs). */
export const MAX_STREAMS_PER_USER = 8;

/** The stream route; `signal` ends every open stream (server shutdown). */
export function streamRoutes(deps: Deps, signal?: AbortSignal) {
  const campaigns = deps.engine.campaigns;
  const open = new Map<number, number>();
  return router().openapi(stream, async (c) => {
    const userId = c.var.user.id;
    if ((open.get(userId) ?? 0) >= MAX_STREAMS_PER_USER)
      throw new ApiError('rate_limited', `you already hold ${MAX_STREAMS_PER_USER} live streams open; close one (another tab or dashboard) first`, {}, { 'retry-after': '5' });
    const scoped = await scopedCampaign(deps, c.var.user, c.req.valid('param').id);
    const lastId = c.req.header('last-event-id');
    if (lastId !== undefined && !/^\d{1,15}$/.test(lastId)) throw new ApiError('bad_request', 'Last-Event-ID must be an event id');
    const start = c.req.valid('query').after ?? (lastId !== undefined ? Number(lastId) : await campaigns.lastEventId(scoped.campaign.id));
    open.set(userId, (open.get(userId) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (open.get(userId) ?? 1) - 1;
      if (n > 0) open.set(userId, n);
      else open.delete(userId);
    };
    return streamSSE(c, async (sse) => {
      sse.onAbort(release);
      try {
        let last = start;
        const ended = () => sse.aborted || sse.closed || signal?.aborted === true;
        await sse.writeSSE({ event: 'ready', id: String(last), data: JSON.stringify({ campaignId: scoped.campaign.id, focusCode: scoped.focusCode, after: last }) });
        let quietMs = 0;
        while (!ended()) {
          const changes = await campaigns.changes(scoped.campaign.id, scoped.focusCode, last, 500);
          for (const ch of changes) {
            await sse.writeSSE({ event: 'change', id: String(ch.id), data: JSON.stringify(ch) });
            last = ch.id;
          }
          if (changes.length === 500) continue; // more waiting: no pause
          if (changes.length > 0) quietMs = 0;
          else if ((quietMs += deps.streamPollMs) >= deps.streamKeepAliveMs) {
            quietMs = 0;
            await sse.write(': keep-alive\n\n');
          }
          await sse.sleep(deps.streamPollMs);
        }
      } finally {
        release();
      }
    }, async (error, sse) => {
      console.error(`stream of campaign ${scoped.campaign.id}:`, error);
      await sse.writeSSE({ event: 'error', data: JSON.stringify({ detail: 'the stream failed; reconnect with Last-Event-ID' }) });
    });
  });
}
