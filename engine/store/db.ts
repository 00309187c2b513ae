// Opening the database: PGlite (embedded, a data folder or memory) by default, a real
// Postgres through postgres.js when a URL is given. One schema, one set of SQL
// migrations, one store implementation on top of either driver.
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { lockFolder, prepareDataFolder, type FolderLock } from './folder.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Connections the driver can use at once (PGlite: one). */
  poolSize: number;
  /** PGlite in a folder: the exclusive lock this process holds on it. */
  lock?: FolderLock;
  close(): Promise<void>;
};

export const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type OpenOptions = {
  /** A postgres:// URL: use that server. */
  url?: string | undefined;
  /** A folder for PGlite's data; omitted: in memory. */
  dataDir?: string | undefined;
  /** Apply the migrations (default true). */
  migrate?: boolean;
  /** postgres.js pool size (default 10). */
  max?: number;
  /** Who opens a data folder, as another process is told when it finds it locked (default: the command line). */
  holder?: string;
};

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const runMigrations = options.migrate ?? true;
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client, schema });
    if (runMigrations) await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    return { db: db as unknown as Db, driver: 'postgres', poolSize: options.max ?? 10, close: () => client.end({ timeout: 5 }) };
  }
  // A data folder: private to this account, and locked for this process before PGlite reads a byte of it.
  let lock: FolderLock | undefined;
  if (options.dataDir) {
    prepareDataFolder(options.dataDir);
    lock = await lockFolder(options.dataDir, options.holder ?? `${process.argv.slice(1, 4).join(' ')}`);
  }
  try {
    const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
    const db = drizzlePglite({ client, schema });
    if (runMigrations) await migratePglite(db, { migrationsFolder: MIGRATIONS });
    // NOTE: a new folder's first files come from PGlite's initdb, which writes them 0666
    // whatever the umask: tighten them now that they exist (later files follow the umask).
    if (options.dataDir) prepareDataFolder(options.dataDir);
    const close = async () => {
      await client.close();
      await lock?.release();
    };
    return { db: db as unknown as Db, driver: 'pglite', poolSize: 1, ...(lock ? { lock } : {}), close };
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/** Run raw SQL and return its rows, whatever the driver (postgres.js: an array; PGlite: `{ rows }`). */
export async function query<Row = Record<string, unknown>>(db: Pick<Db, 'execute'>, statement: SQL): Promise<Row[]> {
  const result = (await db.execute(statement)) as unknown;
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

/** A jsonb parameter: bound as text and cast, identical on both drivers. */
export function json(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::text::jsonb`;
}

/** A timestamptz column as ISO 8601 text in UTC (`2024-03-01T16:00:00.000Z`), the same on both drivers. */
export function isoTime(column: string): SQL {
  return sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
}

/** The SQLSTATE of a database error, through drizzle's wrapper (`DrizzleQueryError.cause`). */
export function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
