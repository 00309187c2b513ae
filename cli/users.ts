// `campaign users …`: create API users (printing their token once) and list them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ROLES } from '../definitions/language/schema.js';
import { createUser } from '../api/auth.js';
import { EngineError } from '../engine/errors.js';
import { listUsers } from '../engine/store/api.js';
import { openDatabase, type Database } from '../engine/store/db.js';

type DatabaseOptions = { databaseUrl?: string; dataDir: string };

function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'a Postgres server (postgres://…)').env('DATABASE_URL'))
    .addOption(new Option('--data-dir <dir>', 'PGlite data folder, used without a database URL; stop the server first').env('DATA_DIR').default('./data/pglite'));
}

/** Run with the database open; engine errors become one line on stderr and exit code 1. */
async function withDatabase(options: DatabaseOptions, fn: (database: Database) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    if (!options.databaseUrl && !existsSync(resolve(options.dataDir)))
      throw new EngineError('not_found', `no database in ${resolve(options.dataDir)}; start the server once (npm start) or import jurisdictions first`);
    database = await openDatabase(options.databaseUrl ? { url: options.databaseUrl, max: 2 } : { dataDir: resolve(options.dataDir) });
    await fn(database);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const issues = Array.isArray(e.details.issues) ? (e.details.issues as { path: unknown[]; message: string }[]) : [];
    console.error(`error: ${issues.length ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : e.message}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

export function usersCommand(): Command {
  const cmd = new Command('users').description('users of the HTTP API and their bearer tokens');
  withDatabaseOptions(
    cmd
      .command('create')
      .description('create a user and print its token (shown once; only its hash is stored)')
      .requiredOption('--name <name>', 'who it is, e.g. 孝义市市场监管局')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .requiredOption('--jurisdiction <code>', 'where: it reads and acts only within this subtree'),
  ).action(async (options: DatabaseOptions & { name: string; role: string; jurisdiction: string }) => {
    await withDatabase(options, async (database) => {
      const { user, token } = await createUser(database.db, { name: options.name, role: options.role, jurisdictionCode: options.jurisdiction });
      console.error(`created user ${user.id}: ${user.name}, ${user.role} at ${user.jurisdictionCode}. Its token (keep it; it is not shown again):`);
      console.log(token);
    });
  });
  withDatabaseOptions(cmd.command('list').description('list users (without tokens)')).action(async (options: DatabaseOptions) => {
    await withDatabase(options, async (database) => {
      for (const u of await listUsers(database.db)) console.log(`${String(u.id).padStart(4)}  ${u.role.padEnd(9)} ${u.jurisdictionCode.padEnd(12)} ${u.name}`);
    });
  });
  return cmd;
}
