// Each document the product issues, composed from the engine's facts: the plan of a
// definition or of a launched campaign at a jurisdiction, the late-filing and results
// bulletins, the work summary draft, the report matrix, and the rectification and
// suspension notices of a notice instance. The API scopes the request and picks the
// format; documents/ lays the result out.
import { shanghaiDate } from '../../definitions/language/dates.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import { lateBulletin, resultsBulletin, type ChildResult, type IndicatorResult } from '../../documents/bulletin.js';
import type { Issue, NodeItems } from '../../documents/facts.js';
import { matrixDocument, reportMatrix, type ReportMatrix } from '../../documents/matrix.js';
import type { OfficialDocument } from '../../documents/model.js';
import { rectificationNotice, suspensionNotice, type NoticeInput } from '../../documents/notice.js';
import { planDocument } from '../../documents/plan.js';
import { summaryDocument } from '../../documents/summary.js';
import { LEVEL_SHORT_ZH, LEVEL_ZH, listZh } from '../../documents/text.js';
import { childLevelOf } from '../../definitions/vocabulary.js';
import { EngineError } from '../errors.js';
import { dbOf } from '../store/db.js';
import type { IndicatorRollup } from '../rollup/rollup.js';
import type { Engine } from '../runner/engine.js';
import * as docs from '../store/documents.js';
import { campaignFacts, childRollups, loggedEvents, noticeData, noticesWithin, type CampaignFacts, type NodeFacts } from './data.js';

export const CAMPAIGN_DOCUMENTS = ['plan', 'late-bulletin', 'results-bulletin', 'summary', 'report-matrix'] as const;
export type CampaignDocumentKind = (typeof CAMPAIGN_DOCUMENTS)[number];
export const NOTICE_DOCUMENTS = ['notice', 'suspension-notice'] as const;
export type NoticeDocumentKind = (typeof NOTICE_DOCUMENTS)[number];

/** Documents that take a 发文字号 (a summary and a statistics table do not). */
export const NUMBERED: ReadonlySet<string> = new Set(['plan', 'late-bulletin', 'results-bulletin', 'notice', 'suspension-notice']);

/** What identifies one document for its number: the same key, the same number. */
export function documentKey(kind: string, scope: { campaignId?: number; instanceId?: number; code?: string; date?: string; unit?: string }): string {
  if (kind === 'notice' || kind === 'suspension-notice') return `${kind}:instance:${scope.instanceId}:${scope.unit}`;
  if (kind === 'plan') return `plan:campaign:${scope.campaignId}:${scope.code}`;
  return `${kind}:campaign:${scope.campaignId}:${scope.code}:${scope.date}`;
}

/** One document, or several (one notice per unit) printed one after another. */
export type Generated = { documents: OfficialDocument[]; key: string | null; matrix?: ReportMatrix };

const phaseTitleOf = (def: CampaignDefinition) => (id: string) => def.phases.find((p) => p.id === id)?.title.zh ?? (id === def.final.id ? def.final.title.zh : id === 'cancelled' ? '已撤销' : id);

async function issueFor(engine: Engine, code: string, key: string | null, date: string, fallbackName: string | undefined): Promise<Issue> {
  const [issuer, issued] = await Promise.all([docs.getIssuer(dbOf(engine.database), code), key ? docs.findIssued(dbOf(engine.database), key) : Promise.resolve(undefined)]);
  const name = issuer?.name ?? fallbackName;
  return { ...(name ? { issuer: name } : {}), ...(issued ? { number: issued.number } : {}), ...(issuer ? { prefix: issuer.prefix } : {}), date };
}

/** The plan of a definition as written (no campaign): phases as the definition writes them. */
export async function definitionPlan(engine: Engine, id: string, version?: number): Promise<Generated> {
  const row = await engine.getDefinition(id, version);
  return { documents: [planDocument({ definition: row.content, generatedAt: engine.now() })], key: null };
}

const toItems = (n: NodeFacts): NodeItems => ({ code: n.code, name: n.name, level: n.level, parentCode: n.parentCode, records: n.records });

function indicatorResults(list: readonly IndicatorRollup[], def: CampaignDefinition): IndicatorResult[] {
  return list.map((i) => {
    const ind = def.indicators.find((x) => x.id === i.id)!;
    const v = i.value;
    const value = v === null ? null : typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'number' ? String(v) : `${v.numerator}/${v.denominator}（${i.percent}%）`;
    return { id: i.id, title: i.title.zh, target: ind.target, kind: ind.kind, value, met: i.met, measured: i.measured };
  });
}

/** A document of a campaign at a jurisdiction on a day. */
export async function campaignDocument(engine: Engine, campaignId: number, code: string, kind: CampaignDocumentKind, date = shanghaiDate(engine.now())): Promise<Generated> {
  const f = await campaignFacts(engine, campaignId, code, date);
  const def = f.definition;
  const focus = { code: f.focus.code, name: f.focus.name, level: f.focus.level };
  const key = NUMBERED.has(kind) ? documentKey(kind, { campaignId, code, date }) : null;
  const officeName = def.leadingGroup ? `${focus.name}${def.leadingGroup.title.zh}办公室` : undefined;
  const at = engine.now();
  switch (kind) {
    case 'plan': {
      const lg = (f.focus.context.leadingGroup ?? null) as { members: { role: string; name: string; unit?: string }[] } | null;
      const issue = await issueFor(engine, code, key, f.campaign.launchDate, undefined);
      const number = issue.number ? [issue.number] : undefined;
      return { key, documents: [planDocument({ definition: def, place: focus, dates: f.dates, leadingGroup: lg, ...(issue.issuer ? { issuer: { name: issue.issuer, ...(number ? { number } : {}) } } : {}), date: f.campaign.launchDate, generatedAt: at })] };
    }
    case 'late-bulletin':
      return { key, documents: [lateBulletin(def, focus, f.below.map(toItems), await issueFor(engine, code, key, date, officeName), at)] };
    case 'results-bulletin':
      return { key, documents: [resultsBulletin(def, focus, await resultsInput(engine, f), await issueFor(engine, code, key, date, officeName), at)] };
    case 'summary':
      return { key, documents: [summaryDocument(await summaryInput(engine, f), await issueFor(engine, code, null, date, undefined), at)] };
    case 'report-matrix': {
      const childLevel = childLevelOf(def, focus.level);
      const children = f.below.filter((b) => b.level === childLevel).map(toItems);
      const matrix = reportMatrix(def, focus, children, date);
      return { key, matrix, documents: [matrixDocument(def, matrix, childLevel ? LEVEL_ZH[childLevel] : '', at)] };
    }
  }
}

async function resultsInput(engine: Engine, f: CampaignFacts) {
  const def = f.definition;
  const childLevel = childLevelOf(def, f.focus.level);
  const kids = f.below.filter((b) => b.level === childLevel);
  const rollups = await childRollups(engine, f.campaign.id, kids.map((k) => k.code));
  const children: ChildResult[] = kids.map((k) => {
    const r = rollups.get(k.code)!;
    const items = f.below.filter((b) => b.code.startsWith(k.code)).flatMap((b) => b.records);
    return {
      code: k.code,
      name: k.name,
      level: k.level,
      phase: k.phase,
      health: k.health,
      tasksDone: r.subtree.tasksDone,
      tasksTotal: r.subtree.tasksTotal,
      items,
      overdueNow: items.filter((i) => i.status === 'missing').length,
      indicators: indicatorResults(r.indicators, def),
    };
  });
  return { phaseTitle: phaseTitleOf(def), indicators: indicatorResults(f.rollup.indicators, def), children, tasksDone: f.rollup.subtree.tasksDone, tasksTotal: f.rollup.subtree.tasksTotal };
}

type Ctx = { tasks?: Record<string, { status: string; at: string }>; leadingGroup?: { formedAt: string; members: unknown[] } | null; risks?: Record<string, { stage: number }>; cases?: Record<string, { major: boolean; closedAt: string | null }> };

async function summaryInput(engine: Engine, f: CampaignFacts) {
  const def = f.definition;
  const end = Date.parse(`${f.date}T23:59:59.999+08:00`);
  const all = [f.focus, ...f.below];
  const ids = all.map((n) => n.instanceId);
  const log = await loggedEvents(engine, f.campaign.id, ids, ['ADVANCE', 'INSPECT', 'COMMEND', 'REVIEW', 'FILE_REPORT'], f.date);
  const ctx = f.focus.context as Ctx;
  const applicable = (level: Level) => def.tasks.filter((t) => !t.levels || t.levels.includes(level)).map((t) => t.id);
  const doneBy = (n: NodeFacts) => applicable(n.level).filter((t) => {
    const s = (n.context as Ctx).tasks?.[t];
    return s?.status === 'done' && Date.parse(s.at) <= end;
  });
  const risks = all.flatMap((n) => Object.values((n.context as Ctx).risks ?? {}));
  const last = (def.riskList?.stages.length ?? 1) - 1;
  const cases = all.flatMap((n) => Object.values((n.context as Ctx).cases ?? {}));
  const notices = (await noticesWithin(engine, f.campaign.id, f.focus.code)).filter((n) => n.launchDate <= f.date);
  const lg = ctx.leadingGroup && Date.parse(ctx.leadingGroup.formedAt) <= end ? { formedAt: ctx.leadingGroup.formedAt, members: ctx.leadingGroup.members.length } : null;
  const below = [...new Set(f.below.map((b) => b.level))];
  return {
    definition: def,
    focus: { code: f.focus.code, name: f.focus.name, level: f.focus.level },
    launchDate: f.campaign.launchDate,
    phaseTitle: phaseTitleOf(def),
    currentPhase: [...log.filter((e) => e.type === 'ADVANCE' && e.instanceId === f.focus.instanceId && e.phase)].at(-1)?.phase ?? def.phases[0]!.id,
    phasesEntered: log.filter((e) => e.type === 'ADVANCE' && e.instanceId === f.focus.instanceId && e.phase).map((e) => ({ phase: e.phase!, at: e.at })),
    leadingGroup: lg,
    tasksDone: doneBy(f.focus).map((id) => ({ id, at: (ctx.tasks?.[id]?.at ?? '') })),
    tasksTotal: applicable(f.focus.level).length,
    subtree: { instances: all.length, tasksDone: all.reduce((a, n) => a + doneBy(n).length, 0), tasksTotal: all.reduce((a, n) => a + applicable(n.level).length, 0), levels: listZh(below.map((l) => LEVEL_SHORT_ZH[l])) },
    items: all.flatMap((n) => n.records),
    inspections: log.filter((e) => e.type === 'INSPECT').length,
    commendations: log.filter((e) => e.type === 'COMMEND').length,
    notices: { opened: notices.length, closed: notices.filter((n) => n.instances > 0 && n.closed === n.instances).length },
    risks: def.riskList ? { recorded: risks.length, closed: risks.filter((r) => r.stage >= last).length } : null,
    cases: cases.length > 0 ? { opened: cases.length, major: cases.filter((c) => c.major).length, closed: cases.filter((c) => c.closedAt).length } : null,
    figures: latestFigures(log),
    indicators: indicatorResults(f.rollup.indicators, def),
    failedReviews: log.filter((e) => e.type === 'REVIEW' && e.payload.result === 'fail').length,
    escalated: all.flatMap((n) => n.records.filter((r) => (r.escalationAsOf?.step ?? -1) >= 1).map((r) => ({ name: n.name, title: r.ref, step: r.escalationAsOf!.stepTitle?.zh ?? '' }))),
  };
}

/** Figures filed with reports: for each report, the sums over the latest period anyone filed. */
function latestFigures(log: readonly docs.LoggedEvent[]): Record<string, number> {
  const filings = log.filter((e) => e.type === 'FILE_REPORT' && e.payload.figures && typeof e.payload.figures === 'object');
  const out: Record<string, number> = {};
  const byReport = new Map<string, docs.LoggedEvent[]>();
  for (const e of filings) byReport.set(String(e.payload.report), [...(byReport.get(String(e.payload.report)) ?? []), e]);
  for (const [, list] of byReport) {
    const period = list.map((e) => ((e.payload.period as string | undefined) ?? 'once')).sort().at(-1);
    for (const e of list.filter((x) => ((x.payload.period as string | undefined) ?? 'once') === period))
      for (const [k, v] of Object.entries(e.payload.figures as Record<string, number>)) if (typeof v === 'number') out[`${k}（${period === 'once' ? '' : period}）`.replace('（）', '')] = (out[k] ?? 0) + v;
  }
  return out;
}

/** The units of a notice instance; a unit that is not there is a 404 naming those that are. */
export async function noticeDocument(engine: Engine, instanceId: number, kind: NoticeDocumentKind, unit: string | undefined, date?: string): Promise<Generated & { units: string[] }> {
  const n = await noticeData(engine, instanceId);
  const units = kind === 'suspension-notice' ? n.facts.units.filter((u) => n.facts.suspended.some((s) => s.unit === u.id)) : n.facts.units;
  const chosen = unit === undefined ? units : units.filter((u) => u.id === unit);
  if (chosen.length === 0)
    throw new EngineError('not_found', unit === undefined ? `instance ${instanceId} has no unit ${kind === 'suspension-notice' ? 'ordered to suspend business' : 'in scope'}` : `instance ${instanceId} has no unit "${unit}"${kind === 'suspension-notice' ? ' ordered to suspend business' : ''}; units: ${units.map((u) => u.id).join(', ') || 'none'}`);
  const day = date ?? n.campaign.launchDate;
  const parts: OfficialDocument[] = [];
  for (const u of chosen) {
    const key = documentKey(kind, { instanceId, unit: u.id });
    const issue = await issueFor(engine, n.place.code, key, kind === 'suspension-notice' ? (date ?? shanghaiDate(n.facts.suspended.find((s) => s.unit === u.id)!.at)) : day, undefined);
    const input: NoticeInput = { definition: n.definition, place: n.place, launchDate: n.campaign.launchDate, inspectedBy: n.inspectedBy, findings: n.facts.findings, unit: u, reviews: n.facts.reviews, suspended: n.facts.suspended.find((s) => s.unit === u.id) };
    parts.push(kind === 'notice' ? rectificationNotice(input, issue, engine.now()) : suspensionNotice(input, issue, engine.now()));
  }
  return { documents: parts, key: chosen.length === 1 ? documentKey(kind, { instanceId, unit: chosen[0]!.id }) : null, units: units.map((u) => u.id) };
}

