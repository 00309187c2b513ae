// The database options every command that reads or writes data shares, and running
// a command with an engine on that database: engine errors become one line on stderr
// and exit code 1.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { Engine, EngineError, openDatabase, type Database } from '../engine/index.js';

/** Where `npm start` keeps its PGlite data (both honour DATA_DIR), relative to the working directory. */
export const DEFAULT_DATA_DIR = './data/pglite';

export type DatabaseOptions = { databaseUrl?: string; dataDir: string };

export function addDatabaseOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'a Postgres server (postgres://…)').env('DATABASE_URL'))
    .addOption(
      new Option('--data-dir <dir>', 'PGlite data folder, used without a database URL; stop the server first').env('DATA_DIR').default(DEFAULT_DATA_DIR),
    );
}

/** Postgres when a URL is given (flag or DATABASE_URL), else PGlite in the data folder (made when `create`). */
async function open(options: DatabaseOptions, create: boolean, missing: string): Promise<Database> {
  if (options.databaseUrl) return openDatabase({ url: options.databaseUrl, max: 2 });
  const dir = resolve(options.dataDir);
  if (!existsSync(dir)) {
    if (!create) throw new EngineError('not_found', `no database in ${dir}; ${missing}`);
    mkdirSync(dir, { recursive: true });
  }
  return openDatabase({ dataDir: dir });
}

/** An engine error as one line: its issues with their paths, else its message. */
export function errorLine(e: EngineError, withIssues: boolean): string {
  const issues = withIssues && Array.isArray(e.details.issues) ? (e.details.issues as { path: unknown[]; message: string }[]) : [];
  return `error: ${issues.length ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : e.message}`;
}

export type RunOptions = {
  /** Make the PGlite folder when it is missing (an import); else refuse with `missing`. */
  create?: boolean;
  /** What to do when there is no database yet. */
  missing: string;
  /** Print an invalid input's issues with their paths rather than the message. */
  issues?: boolean;
};

/** Run `fn` with an engine on the database; close it after. */
export async function withEngine(options: DatabaseOptions, run: RunOptions, fn: (engine: Engine) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    database = await open(options, run.create ?? false, run.missing);
    await fn(new Engine({ database }));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    console.error(errorLine(e, run.issues ?? false));
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}
