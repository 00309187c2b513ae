// The web UI's routes on the server's Hono app: the page at / and /ui/*, and the
// bundled assets. The UI talks to the server through the HTTP API only.
import type { Env, Hono } from 'hono';
import { bundleUi, type Bundle } from './bundle.js';

export type UiOptions = {
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
 * Mount the UI on the app (through the API's `extend`). The bundle is built at once in
 * the background; the first request waits for it. A build error is served as a 500 page.
 */
export function mountUi<E extends Env>(app: Hono<E>, options: UiOptions = {}): void {
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

  // Client-side routes: every other /ui/… path is the app, which reads the URL itself.
  app.get('/ui/*', page);
}
