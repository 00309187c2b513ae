// The roll-up of a campaign at one jurisdiction: its own state, the distribution of
// its subtree by level, phase and health, overdue instances, indicators as ratio of
// sums against their targets, and its children ranked from worst to best.
import { meetsTarget, onTimeRate, recordItems, type RecordItem } from '../../definitions/language/compile.js';
import type { IndicatorValue } from '../../definitions/language/events.js';
import type { CampaignDefinition, Indicator } from '../../definitions/language/schema.js';
import { childLevelOf } from '../../definitions/vocabulary.js';
import { EngineError } from '../errors.js';
import type { Db } from '../store/db.js';
import { CODE_LENGTH } from '../core/tree.js';
import * as q from '../store/rollup.js';

export type Aggregate = {
  instances: number;
  byPhase: Record<string, number>;
  byHealth: Record<string, number>;
  /** not-started, working, waiting (work done, next window not open), awaiting-review, closed, cancelled. */
  byStanding: Record<string, number>;
  /** Instances with something overdue now. */
  overdue: number;
  /** Due things not done and past due now. */
  overdueItems: number;
  /** Due things done late, and on time; days late summed over the late ones. */
  late: number;
  onTime: number;
  daysLate: number;
  /** Percent of what fell due that was done on time; null when nothing has fallen due. */
  onTimeRate: number | null;
  referrals: number;
  casesOpen: number;
  majorCases: number;
  tasksDone: number;
  tasksTotal: number;
};

/** An open escalation below the focus: who, and what is at which step. */
export type EscalationRow = { instanceId: number; code: string; name: string; level: string; item: RecordItem };

export type ChildRollup = q.NodeRow & { subtree: Aggregate };

export type IndicatorRollup = {
  id: string;
  title: { zh: string; en: string };
  kind: Indicator['kind'];
  target: string;
  measured: number;
  value: IndicatorValue | null;
  /** The share as a percentage, for ratios. */
  percent: number | null;
  met: boolean;
};

export type RollupFilter = { phase?: string | undefined; health?: string | undefined; overdue?: boolean | undefined };

export type Rollup = {
  campaignId: number;
  focus: q.NodeRow;
  subtree: Aggregate;
  byLevel: Record<string, Aggregate>;
  indicators: IndicatorRollup[];
  children: ChildRollup[];
  worst: ChildRollup[];
  overdue: q.NodeRow[];
  escalations: EscalationRow[];
};

export function emptyAggregate(): Aggregate {
  return {
    instances: 0,
    byPhase: {},
    byHealth: {},
    byStanding: {},
    overdue: 0,
    overdueItems: 0,
    late: 0,
    onTime: 0,
    daysLate: 0,
    onTimeRate: null,
    referrals: 0,
    casesOpen: 0,
    majorCases: 0,
    tasksDone: 0,
    tasksTotal: 0,
  };
}

function add(a: Aggregate, g: q.GroupRow): void {
  a.instances += g.n;
  a.byPhase[g.phase] = (a.byPhase[g.phase] ?? 0) + g.n;
  a.byHealth[g.health] = (a.byHealth[g.health] ?? 0) + g.n;
  a.byStanding[g.standing] = (a.byStanding[g.standing] ?? 0) + g.n;
  a.overdue += g.overdueInstances;
  a.overdueItems += g.overdueItems;
  a.late += g.late;
  a.onTime += g.onTime;
  a.daysLate += g.daysLate;
  a.onTimeRate = onTimeRate(a.onTime, a.late, a.overdueItems);
  a.referrals += g.referrals;
  a.casesOpen += g.casesOpen;
  a.majorCases += g.majorCases;
  a.tasksDone += g.tasksDone;
  a.tasksTotal += g.tasksTotal;
}

function addNode(a: Aggregate, n: q.NodeRow): void {
  add(a, {
    child: n.code,
    level: n.level,
    phase: n.phase,
    health: n.health,
    standing: n.standing,
    n: 1,
    overdueInstances: n.overdueCount > 0 ? 1 : 0,
    overdueItems: n.overdueCount,
    late: n.lateCount,
    onTime: n.onTimeCount,
    daysLate: n.daysLate,
    referrals: n.referrals,
    casesOpen: n.casesOpen,
    majorCases: n.majorCases,
    tasksDone: n.tasksDone,
    tasksTotal: n.tasksTotal,
  });
}

/** Worse first: more red, more yellow, more overdue items, less progress. */
export function badness(a: Aggregate): number[] {
  const progress = a.tasksTotal === 0 ? 1 : a.tasksDone / a.tasksTotal;
  return [a.byHealth.red ?? 0, a.byHealth.yellow ?? 0, a.overdueItems, -progress];
}

function compareBadness(x: Aggregate, y: Aggregate): number {
  const bx = badness(x);
  const by = badness(y);
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return by[i]! - bx[i]!;
  return 0;
}

function targetText(ind: { kind: string; target: { op: string; percent?: number; value?: number | boolean } }): string {
  if (ind.kind === 'ratio') return `${ind.target.op} ${ind.target.percent}%`;
  return `${ind.target.op} ${String(ind.target.value)}`;
}

/** What a roll-up reads besides the instances: the campaign and the definition it runs. */
export type RollupSubject = { campaign: { id: number; rootCode: string }; definition: CampaignDefinition };

/** The roll-up at `code` (default the campaign's root), children filtered by `filter`. */
export async function rollup(db: Db, subject: RollupSubject, code?: string, filter: RollupFilter = {}): Promise<Rollup> {
  const { campaign, definition: def } = subject;
  const campaignId = campaign.id;
  const focusCode = code ?? campaign.rootCode;
  const focus = await q.instanceNode(db, campaignId, focusCode);
  if (!focus) throw new EngineError('not_found', `campaign ${campaignId} has no instance at ${focusCode}`);

  const childLevel = childLevelOf(def, focus.level);
  const [groups, children, overdue, indicators, escalated] = await Promise.all([
    childLevel && childLevel !== 'nation' ? q.subtreeGroups(db, campaignId, focusCode, CODE_LENGTH[childLevel]) : Promise.resolve([]),
    q.childNodes(db, focus.instanceId),
    q.overdueNodes(db, campaignId, focusCode, 20),
    q.indicatorAggregates(db, campaignId, focusCode, def.indicators),
    q.escalatedNodes(db, campaignId, focusCode, 20),
  ]);
  const escalations: EscalationRow[] = escalated.flatMap((n) =>
    recordItems(def, n.context)
      .filter((item) => item.escalation && item.escalation.step >= 0)
      .map((item) => ({ instanceId: n.instanceId, code: n.code, name: n.name, level: n.level, item })),
  );

  const subtree = emptyAggregate();
  addNode(subtree, focus);
  const byLevel: Record<string, Aggregate> = { [focus.level]: emptyAggregate() };
  addNode(byLevel[focus.level]!, focus);
  const perChild = new Map<string, Aggregate>();
  for (const g of groups) {
    add(subtree, g);
    add((byLevel[g.level] ??= emptyAggregate()), g);
    let c = perChild.get(g.child);
    if (!c) perChild.set(g.child, (c = emptyAggregate()));
    add(c, g);
  }

  const childRollups: ChildRollup[] = children.map((c) => ({ ...c, subtree: perChild.get(c.code) ?? emptyAggregate() }));
  const filtered = childRollups.filter(
    (c) =>
      (!filter.phase || c.phase === filter.phase) &&
      (!filter.health || c.health === filter.health) &&
      (filter.overdue === undefined || (c.subtree.overdue > 0) === filter.overdue),
  );
  const worst = [...childRollups].sort((a, b) => compareBadness(a.subtree, b.subtree)).filter((c) => badness(c.subtree).slice(0, 3).some((v) => v > 0)).slice(0, 5);

  const indicatorRollups: IndicatorRollup[] = def.indicators.map((ind, i) => {
    const agg = indicators[i]!;
    let value: IndicatorValue | null = null;
    let percent: number | null = null;
    if (ind.kind === 'ratio') {
      if (agg.measured > 0 && agg.denominator) {
        value = { numerator: agg.numerator ?? 0, denominator: agg.denominator };
        percent = Math.round((10000 * (agg.numerator ?? 0)) / agg.denominator) / 100;
      }
    } else if (agg.value !== null && agg.value !== undefined) value = agg.value;
    return { id: ind.id, title: ind.title, kind: ind.kind, target: targetText(ind), measured: agg.measured, value, percent, met: value !== null && meetsTarget(ind, value) };
  });

  return { campaignId, focus, subtree, byLevel, indicators: indicatorRollups, children: filtered, worst, overdue, escalations };
}
