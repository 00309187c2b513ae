// The interactive API reference at /api/reference: Swagger UI served from the
// swagger-ui-dist package's own files, so it works offline (no CDN).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = (base: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Campaign Engine API 专项行动引擎接口</title>
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png">
  <link rel="stylesheet" href="${base}/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/init.js"></script>
</body>
</html>
`;

const init = (specUrl: string) => `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(specUrl)},
  dom_id: '#reference',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
});
`;

/** The reference page and its assets, mounted at `base` (e.g. /api/reference), reading the spec at `specUrl`. */
export function referenceRoutes(base: string, specUrl: string): Hono {
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  const app = new Hono();
  app.get(base, (c) => c.html(page(base)));
  app.get(`${base}/init.js`, (c) => c.body(init(specUrl), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(`${base}/:file`, async (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) cache.set(file, (body = new Uint8Array(await readFile(join(dist, file)))));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
