// What the documents of a campaign read, gathered at one jurisdiction: the campaign,
// its definition and dates, the instance there and those below it (each with its due
// records as they stood at the end of a given day), the roll-up, the issuing body.
// The API calls these; documents/ turns them into documents.
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import { childLevelOf } from '../../definitions/vocabulary.js';
import type { ResolvedDates } from '../core/schedule.js';
import { EngineError } from '../errors.js';
import { dbOf } from '../store/db.js';
import { rollup, type Rollup } from '../rollup/rollup.js';
import type { Engine } from '../runner/engine.js';
import * as docs from '../store/documents.js';
import * as store from '../store/store.js';
import { asOf, dueRecordsOf, noticeFactsOf, type EscalationFact, type Finding, type NoticeFacts, type RecordAsOf, type ReviewFact } from './adapter.js';

export type NodeFacts = {
  instanceId: number;
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  phase: string;
  health: string;
  closed: boolean;
  context: Record<string, unknown>;
  /** Every due item of the instance, as it stood at the end of the day asked for. */
  records: RecordAsOf[];
};

export type CampaignFacts = {
  campaign: store.CampaignRow;
  definition: CampaignDefinition;
  dates: ResolvedDates;
  /** The day the documents speak of (Asia/Shanghai). */
  date: string;
  focus: NodeFacts;
  /** Instances below the focus, down to `depth` levels, by code. */
  below: NodeFacts[];
  rollup: Rollup;
  issuer: docs.IssuerRow | undefined;
};

const END = (date: string) => `${date}T23:59:59.999+08:00`;

/** Levels of the campaign below `level`, at most `depth` of them. */
function levelsBelow(def: CampaignDefinition, level: Level, depth: number): Level[] {
  const out: Level[] = [];
  for (let l = childLevelOf(def, level); l && out.length < depth; l = childLevelOf(def, l)) out.push(l);
  return out;
}

/** A campaign's facts at a jurisdiction on a day (default today), for its documents. */
export async function campaignFacts(engine: Engine, campaignId: number, code: string, date: string, depth = 2): Promise<CampaignFacts> {
  const campaign = await engine.campaign(campaignId);
  const { definition } = await engine.compiledForCampaign(campaignId);
  const focusRow = await store.findInstance(dbOf(engine.database), campaignId, code);
  if (!focusRow) throw new EngineError('not_found', `campaign ${campaignId} has no instance at ${code}`);
  const rows = await docs.nodesWithin(dbOf(engine.database), campaignId, code, levelsBelow(definition, focusRow.level, depth));
  const escalations = await docs.eventsOf(dbOf(engine.database), campaignId, rows.map((r) => r.instanceId), ['ESCALATE'], END(date));
  const byInstance = new Map<number, EscalationFact[]>();
  for (const e of escalations) {
    const list = byInstance.get(e.instanceId) ?? [];
    list.push({ key: String(e.payload.key), step: Number(e.payload.step), at: e.at });
    byInstance.set(e.instanceId, list);
  }
  const facts = rows.map((r): NodeFacts => {
    const esc = byInstance.get(r.instanceId) ?? [];
    const records = dueRecordsOf(definition, campaign.dates, r.level as Level, r.context, esc).map((d) => asOf(definition, d, date, esc));
    return { ...r, level: r.level as Level, records };
  });
  const focus = facts.find((f) => f.code === code)!;
  const [r, issuer] = await Promise.all([rollup(dbOf(engine.database), { campaign, definition }, code), docs.getIssuer(dbOf(engine.database), code)]);
  return { campaign, definition, dates: campaign.dates, date, focus, below: facts.filter((f) => f.code !== code), rollup: r, issuer };
}

/** The roll-up of each child of a jurisdiction (their indicators against targets, for a results bulletin). */
export async function childRollups(engine: Engine, campaignId: number, codes: readonly string[]): Promise<Map<string, Rollup>> {
  const out = new Map<string, Rollup>();
  const subject = { campaign: await engine.campaign(campaignId), definition: (await engine.compiledForCampaign(campaignId)).definition };
  for (const c of codes) out.set(c, await rollup(dbOf(engine.database), subject, c));
  return out;
}

/** Events of a kind at instances, up to the end of a day: phase entries, inspections, reviews. */
export async function loggedEvents(engine: Engine, campaignId: number, instanceIds: readonly number[], types: readonly string[], date: string) {
  return docs.eventsOf(dbOf(engine.database), campaignId, instanceIds, types, END(date));
}

/** Rectification notices opened from instances of a campaign within a subtree. */
export async function noticesWithin(engine: Engine, campaignId: number, code: string) {
  return docs.noticesOpenedWithin(dbOf(engine.database), campaignId, code);
}

export type NoticeData = {
  instance: store.InstanceRow;
  campaign: store.CampaignRow;
  definition: CampaignDefinition;
  place: { code: string; name: string; level: Level };
  /** The jurisdiction whose inspection opened the notice, when one did. */
  inspectedBy: { code: string; name: string; at: string } | null;
  facts: NoticeFacts;
  issuer: docs.IssuerRow | undefined;
};

/** A rectification notice instance with its findings, units, deadline and re-inspections. */
export async function noticeData(engine: Engine, instanceId: number): Promise<NoticeData> {
  const instance = await store.getInstance(dbOf(engine.database), instanceId);
  if (!instance) throw new EngineError('not_found', `no instance ${instanceId}`);
  const campaign = await engine.campaign(instance.campaignId);
  const { definition } = await engine.compiledForCampaign(instance.campaignId);
  if (!definition.rectification) throw new EngineError('conflict', `instance ${instanceId} is of "${definition.id}", which is not a rectification notice`, { reason: 'not-a-notice' });
  const place = (await store.getJurisdiction(dbOf(engine.database), instance.jurisdictionCode))!;
  let inspectedBy: NoticeData['inspectedBy'] = null;
  let inspection: { findings: Finding[] } | undefined;
  if (campaign.originInstanceId !== null) {
    const origin = await store.getInstance(dbOf(engine.database), campaign.originInstanceId);
    if (origin) {
      const opened = (await docs.eventsOf(dbOf(engine.database), origin.campaignId, [origin.id], ['INSPECT'], '9999-12-31T23:59:59Z')).filter(
        (e) => (e.payload.openRectification as { definition?: string } | undefined)?.definition === definition.id && e.at.slice(0, 10) <= campaign.launchDate,
      );
      const last = opened.at(-1);
      // The level above inspects: the inspected jurisdiction's parent.
      const inspected = await store.getJurisdiction(dbOf(engine.database), origin.jurisdictionCode);
      const above = inspected?.parentCode ? await store.getJurisdiction(dbOf(engine.database), inspected.parentCode) : undefined;
      if (last) {
        inspection = { findings: ((last.payload.findings ?? []) as { text: string }[]).map((f) => ({ text: f.text })) };
        inspectedBy = { code: above?.code ?? origin.jurisdictionCode, name: above?.name ?? '上级', at: last.at };
      }
    }
  }
  const log = await docs.eventsOf(dbOf(engine.database), campaign.id, [instance.id], ['REVIEW'], '9999-12-31T23:59:59Z');
  const reviews: ReviewFact[] = log.map((e) => ({ phase: e.phase ?? '', result: e.payload.result === 'pass' ? 'pass' : 'fail', at: e.at, by: '', findings: e.payload.findings ? [e.payload.findings as string] : [] }));
  const outbox = (await store.listOutbox(dbOf(engine.database), campaign.id)).filter((o) => o.kind === 'suspend-business' && o.instanceId === instance.id);
  const suspended = outbox.map((o) => {
    const p = o.payload as { unit: string; item: string; at: string };
    return { unit: p.unit, item: p.item, at: p.at };
  });
  const facts = noticeFactsOf(definition, campaign.dates, instance.snapshot.context, { ...(inspection ? { inspection } : {}), reviews, suspended });
  const issuer = await docs.getIssuer(dbOf(engine.database), instance.jurisdictionCode);
  return { instance, campaign, definition, place: { code: place.code, name: place.name, level: place.level }, inspectedBy, facts, issuer };
}
