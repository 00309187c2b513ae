// Bundles the browser app (ui/app/main.tsx, Preact + TSX) in memory with esbuild when the
// server starts: nothing generated is committed, and a fresh clone serves the UI at once.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** One served file: its bytes, gzipped bytes and content type. */
export type Asset = { body: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer>; type: string };

/** The bundle: app.js, app.css and the source map, and a hash of all three for cache busting. */
export type Bundle = { hash: string; assets: Map<string, Asset>; ms: number };

const entry = fileURLToPath(new URL('./app/main.tsx', import.meta.url));

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

const bytes = (b: Uint8Array) => new Uint8Array(b);

/** Build the app: minified ES2022 modules for current browsers (Chromium, Firefox, Safari of the last years). */
export async function bundleUi(): Promise<Bundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    write: false,
    outdir: '/ui',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const ext = name.slice(name.lastIndexOf('.') + 1);
    hash.update(file.contents);
    assets.set(name, { body: bytes(file.contents), gzip: bytes(gzipSync(file.contents, { level: 9 })), type: TYPES[ext] ?? 'application/octet-stream' });
  }
  return { hash: hash.digest('hex').slice(0, 12), assets, ms: Math.round(performance.now() - started) };
}
