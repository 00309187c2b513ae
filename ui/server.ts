// The web UI's routes on the API's Hono app: the page at / and /ui/*, the bundled
// assets, and a live diagram preview of an unpublished definition for the editor.
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { toDot, toSvg } from '../definitions/diagram/index.js';
import { compile } from '../definitions/language/compile.js';
import { validateDefinition } from '../definitions/language/validate.js';
import type { ApiEnv } from '../api/auth.js';
import { ApiError, makeProblem, problemResponse } from '../api/problem.js';
import { bundleUi, type Bundle } from './bundle.js';

export type UiOptions = {
  /** The token check of the preview route. */
  authenticate: MiddlewareHandler<ApiEnv>;
  /** Called once the bundle is built (or failed), e.g. to log its time. */
  onBundle?: (result: Bundle | Error) => void;
};

/** The HTML shell: CSS and JS by content hash, a tiny inline icon so no request 404s. */
export function pageHtml(hash: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>专项行动 Campaign Engine</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23b91c1c'/%3E%3Cpath d='M4 11V5h8v2H6v4z' fill='white'/%3E%3C/svg%3E">
<link rel="stylesheet" href="/ui/app.css?v=${hash}">
<script type="module" src="/ui/app.js?v=${hash}"></script>
</head>
<body>
<div id="app"><div class="boot">专项行动 Campaign Engine…</div></div>
<noscript>本页面需要 JavaScript。This page needs JavaScript.</noscript>
</body>
</html>
`;
}

/**
 * Mount the UI on the app (through createApp's `extend`). The bundle is built at once in
 * the background; the first request waits for it. A build error is served as a 500 page.
 */
export function mountUi(app: Hono<ApiEnv>, options: UiOptions): void {
  const bundle = bundleUi().then(
    (b) => (options.onBundle?.(b), b),
    (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      options.onBundle?.(error);
      return error;
    },
  );
  const ready = async (): Promise<Bundle> => {
    const b = await bundle;
    if (b instanceof Error) throw new Error(`the web UI failed to build: ${b.message}`);
    return b;
  };

  const page = async () => {
    const b = await ready();
    return new Response(pageHtml(b.hash), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
  };

  app.get('/', page);
  app.get('/ui', page);

  app.get('/ui/:file{app\\.(?:js|css|js\\.map|css\\.map)}', async (c) => {
    const b = await ready();
    const asset = b.assets.get(c.req.param('file'));
    if (!asset) return c.notFound();
    const fresh = c.req.query('v') === b.hash;
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': fresh ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      etag: `"${b.hash}"`,
    };
    if (c.req.header('if-none-match') === headers.etag) return c.body(null, 304, headers);
    if (gzip) headers['content-encoding'] = 'gzip';
    return c.body(gzip ? asset.gzip : asset.body, 200, headers);
  });

  // The editor's preview: validate and draw a definition that is not published yet.
  app.post(
    '/ui/preview.svg',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'the definition is over 1 MiB');
      },
    }),
    options.authenticate,
    async (c) => {
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        throw new ApiError('malformed_json', 'the request body is not valid JSON');
      }
      const result = validateDefinition(input);
      if (!result.ok) return problemResponse(makeProblem('invalid', `${result.issues.length} problems in the definition`, { issues: result.issues }));
      const dot = toDot(result.definition, compile(result.definition));
      return c.body(await toSvg(dot), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
    },
  );

  // Client-side routes: every other /ui/… path is the app, which reads the URL itself.
  app.get('/ui/*', page);
}
