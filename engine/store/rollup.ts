// Roll-up queries. The roll-up is computed on read from the instances' summary
// columns, one grouped scan of the subtree, so no event ever waits on a parent's hot
// row and the aggregate cannot drift from its parts.
import { sql, type SQL } from 'drizzle-orm';
import type { CampaignContext } from '../../definitions/language/compile.js';
import type { Indicator, Level } from '../../definitions/language/schema.js';
import type { Health, Standing } from '../../definitions/vocabulary.js';
import { subtreePattern } from '../core/tree.js';
import { isoTime, query, type Db } from './db.js';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export type GroupRow = {
  child: string;
  level: string;
  phase: string;
  health: string;
  standing: string;
  n: number;
  overdueInstances: number;
  overdueItems: number;
  late: number;
  onTime: number;
  daysLate: number;
  referrals: number;
  casesOpen: number;
  majorCases: number;
  tasksDone: number;
  tasksTotal: number;
};

/** Counts under `focus` (itself excluded), grouped by the child subtree they lie in, level, phase and health. */
export async function subtreeGroups(db: Db, campaignId: number, focus: string, childCodeLength: number): Promise<GroupRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select left(jurisdiction_code, ${childCodeLength}) as child, level, phase, health, standing, count(*) as n,
               count(*) filter (where overdue_count > 0) as overdue_instances, sum(overdue_count) as overdue_items,
               sum(late_count) as late, sum(on_time_count) as on_time, sum(days_late) as days_late,
               sum(referrals) as referrals, sum(cases_open) as cases_open, sum(major_cases) as major_cases,
               sum(tasks_done) as tasks_done, sum(tasks_total) as tasks_total
        from instances
        where campaign_id = ${campaignId} and jurisdiction_code like ${subtreePattern(focus)} and jurisdiction_code <> ${focus}
        group by 1, 2, 3, 4, 5`,
  );
  return rows.map((r) => ({
    child: String(r.child),
    level: String(r.level),
    phase: String(r.phase),
    health: String(r.health),
    standing: String(r.standing),
    n: num(r.n),
    overdueInstances: num(r.overdue_instances),
    overdueItems: num(r.overdue_items),
    late: num(r.late),
    onTime: num(r.on_time),
    daysLate: num(r.days_late),
    referrals: num(r.referrals),
    casesOpen: num(r.cases_open),
    majorCases: num(r.major_cases),
    tasksDone: num(r.tasks_done),
    tasksTotal: num(r.tasks_total),
  }));
}

export type NodeRow = {
  instanceId: number;
  code: string;
  name: string;
  level: Level;
  phase: string;
  phaseIndex: number;
  health: Health;
  standing: Standing;
  waitingUntil: string | null;
  escalation: number;
  overdueCount: number;
  lateCount: number;
  onTimeCount: number;
  daysLate: number;
  referrals: number;
  casesOpen: number;
  majorCases: number;
  tasksDone: number;
  tasksTotal: number;
  version: number;
  updatedAt: string;
};

/** A row of instances joined with jurisdictions, as a roll-up node. */
export function toNode(r: Record<string, unknown>): NodeRow {
  return {
    instanceId: num(r.id),
    code: String(r.jurisdiction_code),
    name: String(r.name),
    level: r.level as Level,
    phase: String(r.phase),
    phaseIndex: num(r.phase_index),
    health: r.health as Health,
    standing: r.standing as Standing,
    waitingUntil: typeof r.waiting_until === 'string' ? r.waiting_until : null,
    escalation: num(r.escalation),
    overdueCount: num(r.overdue_count),
    lateCount: num(r.late_count),
    onTimeCount: num(r.on_time_count),
    daysLate: num(r.days_late),
    referrals: num(r.referrals),
    casesOpen: num(r.cases_open),
    majorCases: num(r.major_cases),
    tasksDone: num(r.tasks_done),
    tasksTotal: num(r.tasks_total),
    version: num(r.version),
    updatedAt: String(r.updated_at),
  };
}

const nodeColumns = sql`i.id, i.jurisdiction_code, j.name, i.level, i.phase, i.phase_index, i.health, i.standing, i.waiting_until::text as waiting_until,
  i.escalation, i.overdue_count, i.late_count, i.on_time_count, i.days_late, i.referrals, i.cases_open, i.major_cases,
  i.tasks_done, i.tasks_total, i.version, ${isoTime('i.updated_at')} as updated_at`;

export async function instanceNode(db: Db, campaignId: number, code: string): Promise<NodeRow | undefined> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select ${nodeColumns} from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where i.campaign_id = ${campaignId} and i.jurisdiction_code = ${code}`,
  );
  return rows[0] && toNode(rows[0]);
}

export async function childNodes(db: Db, parentInstanceId: number): Promise<NodeRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select ${nodeColumns} from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where i.parent_id = ${parentInstanceId} order by i.jurisdiction_code`,
  );
  return rows.map(toNode);
}

/** The most escalated overdue instances under `focus`. */
export async function overdueNodes(db: Db, campaignId: number, focus: string, limit: number): Promise<NodeRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select ${nodeColumns} from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where i.campaign_id = ${campaignId} and i.jurisdiction_code like ${subtreePattern(focus)} and i.overdue_count > 0
        order by i.escalation desc nulls last, i.overdue_count desc nulls last, i.jurisdiction_code
        limit ${limit}`,
  );
  return rows.map(toNode);
}

/**
 * Instances under `focus` (itself excluded) with an escalation at a step, most
 * escalated first, with their context: what the level above has to act on.
 */
export async function escalatedNodes(db: Db, campaignId: number, focus: string, limit: number): Promise<Array<NodeRow & { context: CampaignContext }>> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select ${nodeColumns}, i.snapshot -> 'context' as context from instances i join jurisdictions j on j.code = i.jurisdiction_code
        where i.campaign_id = ${campaignId} and i.jurisdiction_code like ${subtreePattern(focus)} and i.jurisdiction_code <> ${focus} and i.escalation >= 0
        order by i.escalation desc, i.overdue_count desc, i.jurisdiction_code
        limit ${limit}`,
  );
  return rows.map((r) => ({ ...toNode(r), context: r.context as CampaignContext }));
}

export type IndicatorAggregate = { id: string; measured: number; numerator?: number; denominator?: number; value?: number | boolean | null };

/** Each indicator aggregated over the instances of its levels under `focus` (itself included). */
export async function indicatorAggregates(db: Db, campaignId: number, focus: string, indicators: readonly Indicator[]): Promise<IndicatorAggregate[]> {
  if (indicators.length === 0) return [];
  const parts: SQL[] = [];
  indicators.forEach((ind, i) => {
    const levels = `{${ind.levels.join(',')}}`;
    const measured = sql`level = any(${levels}::text[]) and indicators ? ${ind.id}`;
    parts.push(sql`count(*) filter (where ${measured}) as ${sql.raw(`m${i}`)}`);
    if (ind.kind === 'ratio') {
      parts.push(sql`sum((indicators -> ${ind.id} ->> 'numerator')::bigint) filter (where ${measured}) as ${sql.raw(`n${i}`)}`);
      parts.push(sql`sum((indicators -> ${ind.id} ->> 'denominator')::bigint) filter (where ${measured}) as ${sql.raw(`d${i}`)}`);
      parts.push(
        sql`min((indicators -> ${ind.id} ->> 'numerator')::float8 / nullif((indicators -> ${ind.id} ->> 'denominator')::float8, 0)) filter (where ${measured}) as ${sql.raw(`w${i}`)}`,
      );
    } else if (ind.kind === 'count') {
      parts.push(sql`sum((indicators ->> ${ind.id})::bigint) filter (where ${measured}) as ${sql.raw(`s${i}`)}`);
      parts.push(sql`min((indicators ->> ${ind.id})::bigint) filter (where ${measured}) as ${sql.raw(`lo${i}`)}`);
      parts.push(sql`max((indicators ->> ${ind.id})::bigint) filter (where ${measured}) as ${sql.raw(`hi${i}`)}`);
    } else {
      parts.push(sql`bool_and((indicators ->> ${ind.id})::boolean) filter (where ${measured}) as ${sql.raw(`all${i}`)}`);
      parts.push(sql`bool_or((indicators ->> ${ind.id})::boolean) filter (where ${measured}) as ${sql.raw(`any${i}`)}`);
    }
  });
  const [row] = await query<Record<string, unknown>>(
    db,
    sql`select ${sql.join(parts, sql`, `)} from instances where campaign_id = ${campaignId} and jurisdiction_code like ${subtreePattern(focus)}`,
  );
  return indicators.map((ind, i) => {
    const r = row ?? {};
    const measured = num(r[`m${i}`]);
    if (ind.kind === 'ratio') {
      if (ind.rollup === 'worst') {
        // The worst part's ratio, kept as a ratio over 1,000,000 for exact comparison.
        const w = r[`w${i}`];
        return { id: ind.id, measured, numerator: w === null || w === undefined ? 0 : Math.round(Number(w) * 1_000_000), denominator: w === null || w === undefined ? 0 : 1_000_000 };
      }
      return { id: ind.id, measured, numerator: num(r[`n${i}`]), denominator: num(r[`d${i}`]) };
    }
    if (ind.kind === 'count') {
      // "Worst" depends on the direction of the target: the lowest for ≥, the highest for ≤.
      const worst = ind.target.op === '>=' || ind.target.op === '>' ? r[`lo${i}`] : r[`hi${i}`];
      const v = ind.rollup === 'worst' ? worst : r[`s${i}`];
      return { id: ind.id, measured, value: v === null || v === undefined ? null : Number(v) };
    }
    const v = ind.rollup === 'all' ? r[`all${i}`] : r[`any${i}`];
    return { id: ind.id, measured, value: v === null || v === undefined ? null : Boolean(v) };
  });
}
