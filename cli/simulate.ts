// `campaign simulate`: preview a definition in virtual time and print the roll-up.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Command } from 'commander';
import { shanghaiDate } from '../definitions/vocabulary.js';
import { simulate, type Rollup } from '../engine/index.js';

function firstFixedDate(def: unknown): string | undefined {
  const phases = (def as { phases?: { window?: { start?: unknown } }[] }).phases ?? [];
  const start = phases[0]?.window?.start;
  return typeof start === 'string' ? start : undefined;
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}

const HEADER = `${'date'.padEnd(10)}  ${'phases (lowest level)'.padEnd(52)}  ${'standing (all levels)'.padEnd(40)}  ${'health (all levels)'.padEnd(30)}  overdue items (instances)  on time  tasks`;

function line(date: string, r: Rollup, level: string): string {
  const agg = r.byLevel[level] ?? r.subtree;
  const s = r.subtree;
  const progress = s.tasksTotal ? Math.round((100 * s.tasksDone) / s.tasksTotal) : 100;
  const overdue = `${s.overdueItems} (${s.overdue})`;
  const onTime = s.onTimeRate === null ? '—' : `${s.onTimeRate}%`;
  return `${date}  ${counts(agg.byPhase).padEnd(52)}  ${counts(s.byStanding).padEnd(40)}  ${counts(s.byHealth).padEnd(30)}  ${overdue.padStart(25)}  ${onTime.padStart(7)}  ${String(progress).padStart(4)}%`;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run a campaign in virtual time with seeded random progress and print the roll-up over time')
    .argument('<definition>', 'definition JSON file')
    .requiredOption('--root <code>', 'root jurisdiction code, e.g. 1411')
    .option('--launch <date>', 'launch date (default: the first phase start if fixed, else today)')
    .requiredOption('--until <date>', 'last simulated day, YYYY-MM-DD')
    .option('--seed <n>', 'random seed', '42')
    .option('--every <days>', 'print the roll-up every N days', '30')
    .action(async (file: string, o: { root: string; launch?: string; until: string; seed: string; every: string }) => {
      for (const [flag, value] of [['--launch', o.launch], ['--until', o.until]] as const)
        if (value !== undefined && !z.iso.date().safeParse(value).success) {
          console.error(`error: ${flag}: must be a real calendar date written YYYY-MM-DD, got "${value}"`);
          process.exitCode = 1;
          return;
        }
      const definition: unknown = JSON.parse(await readFile(file, 'utf8'));
      const launchDate = o.launch ?? firstFixedDate(definition) ?? shanghaiDate(new Date());
      let level = '';
      console.log(`simulating ${file} on ${o.root} from ${launchDate} to ${o.until}, seed ${o.seed}`);
      const started = Date.now();
      const result = await simulate({
        definition,
        root: o.root,
        launchDate,
        until: o.until,
        seed: Number(o.seed),
        every: Number(o.every),
        onSample: (date, r) => {
          if (!level) {
            level = Object.keys(r.byLevel).at(-1) ?? '';
            console.log(HEADER);
          }
          console.log(line(date, r, level));
        },
      });
      const f = result.final;
      console.log(`\n${f.focus.name} ${f.focus.code}: ${result.instances} instances, ${result.events} events accepted, ${result.refused} refused, ${result.timers} deadline deliveries, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const ind of f.indicators) console.log(`  ${ind.met ? '✓' : '✗'} ${ind.title.zh} ${ind.title.en}: ${ind.percent ?? JSON.stringify(ind.value)}${ind.percent !== null ? '%' : ''} (target ${ind.target}, ${ind.measured} measured)`);
      if (result.refused > 0)
        console.log(`  refused: ${Object.entries(result.refusals).sort((a, b) => b[1] - a[1]).map(([why, n]) => `${why} ×${n}`).join(', ')}`);
      const sub = f.subtree;
      console.log(`  due things: ${sub.onTime} on time, ${sub.late} late (${sub.daysLate} days in all), ${sub.overdueItems} overdue now; on time ${sub.onTimeRate ?? '—'}%`);
      if (f.worst.length) console.log(`  worst: ${f.worst.map((w) => `${w.name} (${w.subtree.overdueItems} overdue, ${w.subtree.late} late)`).join(', ')}`);
    });
}
