// The server process, where the layers are wired together, and the only file that
// reads the environment: opens the database (Postgres at DATABASE_URL, else PGlite in
// DATA_DIR), migrates, seeds the demo on first start, runs the timer scheduler, and
// serves the API with the web UI mounted beside it until SIGTERM/SIGINT.
//
//   PORT              default 3000
//   HOST              interface to listen on (default: all)
//   DATABASE_URL      postgres://… ; without it PGlite in DATA_DIR
//   DATA_DIR          PGlite data folder (default ./data/pglite)
//   DEMO              0: do not seed the demo into an empty database
//   DEMO_SECRET_FILE  the secret demo tokens are derived from (default: demo-secret beside DATA_DIR)
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { API_BASE, createApp } from '../api/index.js';
import { Engine, openDatabase, Scheduler } from '../engine/index.js';
import { mountUi } from '../ui/server.js';
import { demoLogins, isEmpty, seedDemo } from './demo.js';

const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST || undefined;
const databaseUrl = env.DATABASE_URL || undefined;
const dataDir = resolve(env.DATA_DIR ?? './data/pglite');
const secretFile = resolve(env.DEMO_SECRET_FILE ?? join(dirname(dataDir), 'demo-secret'));
const seed = env.DEMO !== '0';

/** The demo secret: read, or made once (0600) so the demo tokens survive restarts. */
function demoSecret(): string {
  try {
    return readFileSync(secretFile, 'utf8').trim();
  } catch {
    mkdirSync(dirname(secretFile), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    try {
      writeFileSync(secretFile, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(secretFile, 'utf8').trim(); // another process made it first
    }
  }
}

if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
const engine = new Engine({ database });
const secret = demoSecret();
if (seed && (await isEmpty(engine))) {
  console.log('First start: seeding the demo (吕梁市 1411, 石柱县 500240, three campaigns, demo users)…');
  const campaigns = await seedDemo(engine, secret);
  for (const c of campaigns) console.log(`  campaign ${c.campaignId}: ${c.definitionId} on ${c.rootCode} from ${c.launchDate}`);
}

const shutdown = new AbortController();
const app = createApp({ engine, signal: shutdown.signal, extend: (a) => mountUi(a) });
const scheduler = new Scheduler(engine);
scheduler.start();

const server = serve({ fetch: app.fetch, port, ...(host ? { hostname: host } : {}) }, (info) => {
  announce(info.port).catch((e: unknown) => console.error('could not read the demo users:', e));
});

/** Where to find everything, and the demo tokens. */
async function announce(port: number): Promise<void> {
  const url = `http://${host ?? 'localhost'}:${port}`;
  console.log(`Web UI on ${url}/`);
  console.log(`Campaign Engine API on ${url}${API_BASE}  (${databaseUrl ? 'Postgres' : `PGlite in ${dataDir}`})`);
  console.log(`  reference: ${url}${API_BASE}/reference   OpenAPI: ${url}${API_BASE}/openapi.json`);
  const logins = await demoLogins(engine, secret);
  if (logins.length > 0) {
    console.log(`Demo tokens (derived from ${secretFile}; only their hashes are in the database):`);
    for (const u of logins) console.log(`  ${u.key.padEnd(18)} ${u.token}   ${u.role} at ${u.code}: ${u.what}`);
    console.log(`  e.g. curl -H "Authorization: Bearer ${logins[0]!.token}" ${url}${API_BASE}/campaigns`);
  } else console.log('No demo users here; create one with: campaign users create --name N --role admin --jurisdiction CODE');
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  shutdown.abort(); // ends live streams
  const force = setTimeout(() => ('closeAllConnections' in server ? server.closeAllConnections() : undefined), 3000);
  force.unref();
  await new Promise<void>((done) => server.close(() => done()));
  await scheduler.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
