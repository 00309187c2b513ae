// Run one test suite on every database driver: PGlite always, real Postgres when DATABASE_URL is set.
//
//   forEachDatabase('jurisdictions import', (t) => {
//     it('imports 吕梁市', async () => { await importJurisdictions(t.db, { root: '1411' }); … });
//   });
//
// registers `jurisdictions import [pglite]` and `jurisdictions import [postgres]`. Each
// describe block gets its own freshly migrated database, created in `beforeAll` and
// dropped in `afterAll`: PGlite in memory; on Postgres a `<prefix><random>` database
// (prefix `TEST_DB_PREFIX`, default `ce_test_`, so two checkouts can share a server)
// created through DATABASE_URL (an admin connection) and dropped with FORCE. Tests in
// one block share that database, so they should not depend on each other's rows
// beyond what they set up. Without DATABASE_URL the Postgres block is registered as
// skipped, with the reason in its name, so the run shows it did not happen.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { dbOf, openDatabase, type Database, type Db } from '../../engine/store/db.js';

export type Driver = Database['driver'];

/** What a suite sees: the database of the block it runs in (available from `beforeAll` on). */
export type TestDatabase = {
  readonly driver: Driver;
  /** The drizzle handle, for store functions. */
  readonly db: Db;
  /** The whole database (driver, pool size, close), for the engine. */
  readonly database: Database;
};

/** A fresh, migrated database of one driver, and how to throw it away. */
export async function createTestDatabase(driver: Driver, url = process.env.DATABASE_URL): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (driver === 'pglite') {
    const database = await openDatabase();
    return { database, drop: () => database.close() };
  }
  if (!url) throw new Error('DATABASE_URL is not set: no Postgres to test on');
  const prefix = process.env.TEST_DB_PREFIX ?? 'ce_test_';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`TEST_DB_PREFIX must be lower-case letters, digits and _: got "${prefix}"`);
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: target.toString(), max: 4 });
  } catch (e) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw e;
  }
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Register `suite` once per available driver, each with its own fresh database. */
export function forEachDatabase(name: string, suite: (t: TestDatabase) => void): void {
  const url = process.env.DATABASE_URL;
  for (const driver of ['pglite', 'postgres'] as const) {
    if (driver === 'postgres' && !url) {
      describe.skip(`${name} [postgres: skipped, DATABASE_URL is not set]`, () => suite(unavailable(driver)));
      continue;
    }
    describe(`${name} [${driver}]`, () => {
      let current: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(driver, url);
      });
      afterAll(async () => {
        await current?.drop();
        current = undefined;
      });
      const get = (): Database => {
        if (!current) throw new Error(`the ${driver} test database is open only inside hooks and tests`);
        return current.database;
      };
      suite({
        driver,
        get db() {
          return dbOf(get());
        },
        get database() {
          return get();
        },
      });
    });
  }
}

function unavailable(driver: Driver): TestDatabase {
  const fail = (): never => {
    throw new Error(`no ${driver} database: DATABASE_URL is not set`);
  };
  return {
    driver,
    get db() {
      return fail();
    },
    get database() {
      return fail();
    },
  };
}
