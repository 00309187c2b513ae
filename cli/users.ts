// `campaign users …` and `campaign tokens …`: create, list, disable and enable users;
// issue, revoke and rotate their tokens (a new token is printed once, on stdout).
// Either on the database itself (DATABASE_URL, or a PGlite folder no server holds),
// or through a running server's API with --server URL --token TOKEN (an admin's).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ROLES } from '../definitions/language/schema.js';
import { DEMO_USERS, demoToken, Engine, EngineError, openDatabase, type TokenRecord, type UserRecord } from '../engine/index.js';

type Target = { databaseUrl?: string; dataDir: string; server?: string; token?: string };
type UserView = UserRecord & { tokens: TokenRecord[] };

/** What the commands need, on the database or over HTTP. */
type Backend = {
  create(input: { name: string; role: string; jurisdictionCode: string; label?: string; expiresAt?: string }): Promise<{ user: UserRecord; token: string | null }>;
  list(): Promise<UserView[]>;
  setDisabled(id: number, disabled: boolean): Promise<UserView>;
  issue(userId: number, input: { label?: string; expiresAt?: string }): Promise<{ token: string | null; tokenRecord: TokenRecord }>;
  revoke(tokenId: number): Promise<TokenRecord>;
  rotate(tokenId: number, input: { expiresAt?: string }): Promise<{ token: string | null; tokenRecord: TokenRecord }>;
};

function withTarget(cmd: Command): Command {
  return cmd
    .addOption(new Option('--server <url>', 'do it through this running server’s API (e.g. http://127.0.0.1:3000)').env('CAMPAIGN_SERVER'))
    .addOption(new Option('--token <token>', 'with --server: a bearer token of an admin').env('CAMPAIGN_TOKEN'))
    .addOption(new Option('--database-url <url>', 'a Postgres server (postgres://…)').env('DATABASE_URL'))
    .addOption(new Option('--data-dir <dir>', 'PGlite data folder, used without a database URL or a server').env('DATA_DIR').default('./data/pglite'));
}

/** The API of a running server, as a backend; its problems become EngineErrors with their detail. */
function remote(server: string, token: string): Backend {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(new URL(`/api${path}`, server), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new EngineError('not_found', `no server answers at ${server}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw new EngineError('conflict', `the server answered ${res.status}: ${typeof parsed.detail === 'string' ? parsed.detail : text}`, { issues: parsed.issues });
    return parsed as T;
  };
  return {
    create: (input) => call('POST', '/users', input),
    list: async () => (await call<{ items: UserView[] }>('GET', '/users')).items,
    setDisabled: (id, disabled) => call('POST', `/users/${id}/${disabled ? 'disable' : 'enable'}`),
    issue: (userId, input) => call('POST', `/users/${userId}/tokens`, input),
    revoke: (tokenId) => call('POST', `/tokens/${tokenId}/revoke`),
    rotate: (tokenId, input) => call('POST', `/tokens/${tokenId}/rotate`, input),
  };
}

/** Run with a backend; engine errors become one line on stderr and exit code 1. */
async function withBackend(options: Target, fn: (backend: Backend) => Promise<void>): Promise<void> {
  let close: (() => Promise<void>) | undefined;
  try {
    let backend: Backend;
    if (options.server) {
      if (!options.token) throw EngineError.invalid('no token', [{ path: ['--token'], message: 'is required with --server: a bearer token of an admin' }]);
      backend = remote(options.server, options.token);
    } else {
      if (!options.databaseUrl && !existsSync(resolve(options.dataDir)))
        throw new EngineError('not_found', `no database in ${resolve(options.dataDir)}; start the server once (npm start) or import jurisdictions first`);
      const database = await openDatabase(options.databaseUrl ? { url: options.databaseUrl, max: 2 } : { dataDir: resolve(options.dataDir), holder: 'campaign users' });
      close = () => database.close();
      const users = new Engine({ database }).users;
      backend = {
        create: (input) => users.create('system', input),
        list: () => users.list('system'),
        setDisabled: (id, disabled) => users.setDisabled('system', id, disabled),
        issue: (userId, input) => users.issueToken('system', userId, input),
        revoke: (tokenId) => users.revokeToken('system', tokenId),
        rotate: (tokenId, input) => users.rotateToken('system', tokenId, input),
      };
    }
    await fn(backend);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const issues = Array.isArray(e.details.issues) ? (e.details.issues as { path: unknown[]; message: string }[]) : [];
    console.error(`error: ${issues.length ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : e.message}`);
    process.exitCode = 1;
  } finally {
    await close?.();
  }
}

const positive = (what: string) => (v: string) => {
  if (!/^\d{1,15}$/.test(v)) throw new EngineError('invalid', `${what} must be a whole number, got "${v}"`);
  return Number(v);
};

function tokenLine(t: TokenRecord): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
  return `      token ${String(t.id).padStart(4)}  ${state.padEnd(34)} last used ${t.lastUsedAt ?? 'never'}  ${t.label}`;
}

/** Print a new token: the token alone on stdout (for scripts), what it is on stderr. */
function printToken(what: string, token: string | null): void {
  console.error(`${what}. Its token (keep it; it is not shown again):`);
  if (token) console.log(token);
}

export function usersCommand(): Command {
  const cmd = new Command('users').description('users of the HTTP API and their bearer tokens');
  withTarget(
    cmd
      .command('create')
      .description('create a user and print its token (shown once; only its hash is stored)')
      .requiredOption('--name <name>', 'who it is, e.g. 孝义市市场监管局')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .requiredOption('--jurisdiction <code>', 'where: it reads and acts only within this subtree')
      .option('--expires <time>', 'when its token stops working, e.g. 2027-01-01T00:00:00+08:00'),
  ).action(async (options: Target & { name: string; role: string; jurisdiction: string; expires?: string }) => {
    await withBackend(options, async (b) => {
      const { user, token } = await b.create({ name: options.name, role: options.role, jurisdictionCode: options.jurisdiction, ...(options.expires ? { expiresAt: options.expires } : {}) });
      printToken(`created user ${user.id}: ${user.name}, ${user.role} at ${user.jurisdictionCode}`, token);
    });
  });
  withTarget(cmd.command('list').description('list users and their tokens (never the tokens themselves)')).action(async (options: Target) => {
    await withBackend(options, async (b) => {
      for (const u of await b.list()) {
        console.log(`${String(u.id).padStart(4)}  ${u.role.padEnd(9)} ${u.jurisdictionCode.padEnd(12)} ${u.name}${u.disabledAt ? `   (disabled ${u.disabledAt} by ${u.disabledBy})` : ''}`);
        for (const t of u.tokens) console.log(tokenLine(t));
      }
    });
  });
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const)
    withTarget(cmd.command(`${name} <id>`).description(disabled ? 'disable a user: its tokens and sessions stop at once' : 'enable a disabled user again')).action(
      async (id: string, options: Target) => {
        await withBackend(options, async (b) => {
          const u = await b.setDisabled(positive('the user id')(id), disabled);
          console.log(`user ${u.id} (${u.name}) is ${u.disabledAt ? `disabled since ${u.disabledAt}` : 'enabled'}`);
        });
      },
    );
  cmd
    .command('demo-tokens')
    .description('print the demo users’ tokens again (derived from the demo secret; no database needed)')
    .addOption(new Option('--secret-file <file>', 'the demo secret').env('DEMO_SECRET_FILE').default('./data/demo-secret'))
    .action((options: { secretFile: string }) => {
      let secret: string;
      try {
        secret = readFileSync(resolve(options.secretFile), 'utf8').trim();
      } catch {
        console.error(`error: cannot read the demo secret ${resolve(options.secretFile)}: is this where the server keeps it (DEMO_SECRET_FILE)?`);
        process.exitCode = 1;
        return;
      }
      for (const u of DEMO_USERS) console.log(`${u.key.padEnd(18)} ${demoToken(secret, u.key)}   ${u.role} at ${u.code}: ${u.what}`);
    });
  return cmd;
}

export function tokensCommand(): Command {
  const cmd = new Command('tokens').description('bearer tokens: issue another, revoke, rotate');
  withTarget(
    cmd
      .command('issue <userId>')
      .description('issue another token for a user (printed once)')
      .option('--label <label>', 'what it is for')
      .option('--expires <time>', 'when it stops working, e.g. 2027-01-01T00:00:00+08:00'),
  ).action(async (userId: string, options: Target & { label?: string; expires?: string }) => {
    await withBackend(options, async (b) => {
      const r = await b.issue(positive('the user id')(userId), { ...(options.label ? { label: options.label } : {}), ...(options.expires ? { expiresAt: options.expires } : {}) });
      printToken(`issued token ${r.tokenRecord.id} for user ${r.tokenRecord.userId}`, r.token);
    });
  });
  withTarget(cmd.command('revoke <tokenId>').description('revoke a token; its sessions end too')).action(async (tokenId: string, options: Target) => {
    await withBackend(options, async (b) => {
      const t = await b.revoke(positive('the token id')(tokenId));
      console.log(`token ${t.id} of user ${t.userId} revoked at ${t.revokedAt}`);
    });
  });
  withTarget(cmd.command('rotate <tokenId>').description('replace a token: a new one printed once, the old one revoked').option('--expires <time>', 'when the new one stops working')).action(
    async (tokenId: string, options: Target & { expires?: string }) => {
      await withBackend(options, async (b) => {
        const r = await b.rotate(positive('the token id')(tokenId), options.expires ? { expiresAt: options.expires } : {});
        printToken(`token ${tokenId} revoked; new token ${r.tokenRecord.id} for user ${r.tokenRecord.userId}`, r.token);
      });
    },
  );
  return cmd;
}
