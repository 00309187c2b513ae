// The server process, where the layers are wired together, and the only file that
// reads the environment: opens the database (Postgres at DATABASE_URL, else PGlite in
// DATA_DIR), migrates, seeds the demo on first start, runs the timer scheduler, and
// serves the API with the web UI mounted beside it until SIGTERM/SIGINT.
//
//   PORT              default 3000
//   HOST              interface to listen on (default 127.0.0.1: this machine only; see README on serving a network)
//   DATABASE_URL      postgres://… ; without it PGlite in DATA_DIR
//   DATA_DIR          PGlite data folder (default ./data/pglite)
//   DEMO              0: do not seed the demo into an empty database
//   TRUST_PROXY       1: a TLS proxy in front sets X-Forwarded-For/-Proto (client address, Secure cookies)
//   ADDRESS_LIMIT     requests a minute per client address, before authentication (default 1200)
//   DEMO_SECRET_FILE  the secret demo tokens are derived from (default: demo-secret beside DATA_DIR)
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { API_BASE, createApp, IDEMPOTENCY_WINDOW_HOURS, purgeIdempotencyKeys } from '../api/index.js';
import { demoLogins, Engine, EngineError, isEmpty, openDatabase, Scheduler, seedDemo } from '../engine/index.js';
import { mountUi } from '../ui/server.js';

// Everything this process creates (data folder, database files, the demo secret) is its owner's alone.
process.umask(0o077);

const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST || '127.0.0.1';
const databaseUrl = env.DATABASE_URL || undefined;
const dataDir = resolve(env.DATA_DIR ?? './data/pglite');
const secretFile = resolve(env.DEMO_SECRET_FILE ?? join(dirname(dataDir), 'demo-secret'));
const seed = env.DEMO !== '0';
const trustProxy = env.TRUST_PROXY === '1';
const addressLimit = Number(env.ADDRESS_LIMIT ?? 1200);

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

/** A refusal the operator must act on: the message alone, no stack, exit code 1. */
function fatal(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir, holder: 'the Campaign Engine server' }).catch((e: unknown) => {
  if (e instanceof EngineError) fatal(e.message);
  throw e;
});
const engine = new Engine({ database });
const secret = demoSecret();
// Demo tokens are printed once, when the demo is seeded: not at every start, where logs would keep them.
let seededNow = false;
if (seed && (await isEmpty(engine))) {
  console.log('First start: seeding the demo (吕梁市 1411, 石柱县 500240; campaigns run through their past in simulated time; demo users)…');
  const started = performance.now();
  const campaigns = await seedDemo(engine, secret);
  for (const c of campaigns) console.log(`  campaign ${c.campaignId}: ${c.definitionId} on ${c.rootCode} from ${c.launchDate} (${c.note})`);
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  seededNow = true;
}

const shutdown = new AbortController();
const app = createApp({ engine, trustProxy, addressLimit: { max: addressLimit }, signal: shutdown.signal, extend: (a) => mountUi(a) });
const scheduler = new Scheduler(engine);
scheduler.start();
// Idempotency keys are promised for IDEMPOTENCY_WINDOW_HOURS; older ones are forgotten hourly.
const purge = () =>
  purgeIdempotencyKeys(engine).then(
    (n) =>
      n.requests + n.events > 0 && console.log(`forgot ${n.requests} request and ${n.events} event idempotency keys older than ${IDEMPOTENCY_WINDOW_HOURS} h`),
    (e: unknown) => console.error('purging idempotency keys:', e),
  );
const purging = setInterval(() => void purge(), 3600_000);
purging.unref();
void purge();

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  announce(info.port).catch((e: unknown) => console.error('could not read the demo users:', e));
});

/** Where to find everything, and (right after seeding) the demo tokens. */
async function announce(listening: number): Promise<void> {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listening}`;
  database.lock?.describe({ url });
  console.log(`Web UI on ${url}/`);
  console.log(`Campaign Engine API on ${url}${API_BASE}  (${databaseUrl ? 'Postgres' : `PGlite in ${dataDir}`})`);
  console.log(`  reference: ${url}${API_BASE}/reference   OpenAPI: ${url}${API_BASE}/openapi.json`);
  if (!['127.0.0.1', '::1', 'localhost'].includes(host))
    console.log(`  listening on ${host} over plain HTTP: put a TLS proxy in front of it (README, "Serving a network")`);
  const logins = await demoLogins(engine, secret);
  if (logins.length > 0 && seededNow) {
    console.log(`Demo tokens (derived from ${secretFile}; only their hashes are in the database; printed this once):`);
    for (const u of logins) console.log(`  ${u.key.padEnd(18)} ${u.token}   ${u.role} at ${u.code}: ${u.what}`);
    console.log(`  e.g. curl -H "Authorization: Bearer ${logins[0]!.token}" ${url}${API_BASE}/campaigns`);
  } else if (logins.length > 0) {
    console.log(
      `Demo users: ${logins.length}; their tokens were printed when the demo was seeded (print them again: campaign users demo-tokens --secret-file ${secretFile})`,
    );
  } else
    console.log(
      databaseUrl
        ? 'No demo users here; create the first admin with: campaign users create --name N --role admin --jurisdiction CODE'
        : `No demo users here; create the first admin with the server stopped: campaign users create --data-dir ${dataDir} --name N --role admin --jurisdiction CODE`,
    );
}
server.on('error', (e: NodeJS.ErrnoException) => void refuseToListen(e));

/** A port the server cannot have: say why and what to do, and stop. */
async function refuseToListen(e: NodeJS.ErrnoException): Promise<void> {
  if (e.code === 'EADDRINUSE') {
    await database.close();
    fatal(`port ${port} on ${host} is already in use by another program; stop it, or choose another port: PORT=3001 npm start`);
  }
  if (e.code === 'EACCES') {
    await database.close();
    fatal(`port ${port} on ${host} needs more privileges than this account has; choose a port above 1023: PORT=3001 npm start`);
  }
  throw e;
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  shutdown.abort(); // ends live streams
  clearInterval(purging);
  const force = setTimeout(() => ('closeAllConnections' in server ? server.closeAllConnections() : undefined), 3000);
  force.unref();
  await new Promise<void>((done) => server.close(() => done()));
  await scheduler.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
