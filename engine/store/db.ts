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

/**
 * An open database, as the rest of the program holds it: which driver, how many
 * connections, and how to close it. The drizzle handle inside is reached only by the
 * engine, through `dbOf`, so no layer above the engine can run SQL of its own.
 */
export type Database = {
  readonly driver: 'pglite' | 'postgres';
  /** Connections the driver can use at once (PGlite: one). */
  readonly poolSize: number;
  /** PGlite in a folder: the exclusive lock this process holds on it. */
  readonly lock?: FolderLock;
  close(): Promise<void>;
};

const handles = new WeakMap<Database, Db>();

function database(db: Db, driver: Database['driver'], poolSize: number, close: () => Promise<void>, lock?: FolderLock): Database {
  const d: Database = Object.freeze({ driver, poolSize, close, ...(lock ? { lock } : {}) });
  handles.set(d, db);
  return d;
}

/** The drizzle handle of an open database (engine and tests only). */
export function dbOf(d: Database): Db {
  const db = handles.get(d);
  if (!db) throw new Error('not a database opened by openDatabase');
  return db;
}

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
    return database(db, 'postgres', options.max ?? 10, () => client.end({ timeout: 5 }));
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
    return database(db, 'pglite', 1, close, lock);
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/** Run raw SQL and return its rows, whatever the driver (postgres.js: an array; PGlite: `{ rows }`). */
export async function query<Row = Record<string, unknown>>(db: Pick<Db, 'execute'>, statement: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(statement);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows?: Row[] }).rows ?? [];
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
