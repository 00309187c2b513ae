// Reading campaigns: the list within a jurisdiction, a launch found again after a
// crash (with what it really created), the roll-up, the instances by code, the
// heat map's state counts, the outbox and the change feed of the live stream.
import type { StateValue } from 'xstate';
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { rollup, type Rollup, type RollupFilter, type RollupSubject } from '../rollup/rollup.js';
import * as apiStore from '../store/api.js';
import type { Db } from '../store/db.js';
import * as store from '../store/store.js';

/** A page of a listing and where the next one starts (null: this was the last). */
export type Page<T, Cursor> = { items: T[]; next: Cursor | null };

/** What a launch created. */
export type LaunchResult = { campaignId: number; instances: number; byLevel: Record<string, number>; timers: number };

export type LaunchQuery = { definitionId: string; rootCode: string; launchDate: string; launchedBy: string; since: string };

/** What reading a campaign needs of the engine: its cached campaign and definition lookups. */
export type CampaignLookups = {
  campaign(id: number): Promise<store.CampaignRow>;
  definitionOf(campaign: store.CampaignRow): Promise<CampaignDefinition>;
};

/** The first `limit` rows and where the next page starts, from a query that asked for one more. */
function page<T, Cursor>(rows: T[], limit: number, cursor: (row: T) => Cursor): Page<T, Cursor> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit && items.length > 0 ? cursor(items.at(-1)!) : null };
}

export class CampaignReads {
  readonly #db: Db;
  readonly #lookups: CampaignLookups;

  constructor(db: Db, lookups: CampaignLookups) {
    this.#db = db;
    this.#lookups = lookups;
  }

  /** Campaigns rooted in `within` or with an instance there (every campaign without it), by id. */
  list(within?: string): Promise<store.CampaignRow[]> {
    return store.listCampaigns(this.#db, within);
  }

  /**
   * The launch made by `launchedBy` with these inputs at or after `since`, with the
   * counts it really created (instances per level, campaign-wide deadlines): how an
   * idempotent launch whose answer was never recorded is answered after a crash.
   */
  async findLaunch(q: LaunchQuery): Promise<LaunchResult | undefined> {
    const campaignId = await apiStore.findLaunchSince(this.#db, q);
    if (campaignId === undefined) return undefined;
    const definition = await this.#lookups.definitionOf(await this.#lookups.campaign(campaignId));
    const counted = await store.launchCounts(this.#db, campaignId);
    // A launch reports every participating level, also one without jurisdictions.
    const byLevel = Object.fromEntries(definition.levels.participating.map((l) => [l, counted.byLevel[l] ?? 0]));
    return { campaignId, instances: Object.values(byLevel).reduce((a, b) => a + b, 0), byLevel, timers: counted.timers };
  }

  /** The roll-up at `code` (default the campaign's root). */
  rollup(subject: RollupSubject, code?: string, filter?: RollupFilter): Promise<Rollup> {
    return rollup(this.#db, subject, code, filter);
  }

  /** A page of the campaign's instances within a subtree, by code; `next` is the last code. */
  async instances(
    campaignId: number,
    within: string,
    filter: Omit<apiStore.InstanceListFilter, 'limit'> & { limit: number },
  ): Promise<Page<apiStore.InstanceListRow, string>> {
    const rows = await apiStore.listInstancesWithin(this.#db, campaignId, within, { ...filter, limit: filter.limit + 1 });
    return page(rows, filter.limit, (r) => r.code);
  }

  /** The campaign's instance at a jurisdiction, or undefined. */
  instanceAt(campaignId: number, code: string): Promise<store.InstanceRow | undefined> {
    return store.findInstance(this.#db, campaignId, code);
  }

  /** Instances per distinct state value within a subtree: the heat map's counts. */
  stateCounts(campaignId: number, within: string): Promise<{ value: StateValue; n: number }[]> {
    return apiStore.stateValueCounts(this.#db, campaignId, within);
  }

  /** Campaigns (rectification notices) opened from an instance. */
  openedFrom(instanceId: number): ReturnType<typeof apiStore.campaignsOpenedFrom> {
    return apiStore.campaignsOpenedFrom(this.#db, instanceId);
  }

  /** A page of what the engine wrote for the outside world within a subtree, oldest first; `next` is the last id. */
  async outbox(campaignId: number, within: string, q: { after: number; limit: number; kind?: string | undefined }): Promise<Page<apiStore.OutboxItem, number>> {
    const rows = await apiStore.listOutboxWithin(this.#db, campaignId, within, { afterId: q.after, limit: q.limit + 1, kind: q.kind });
    return page(rows, q.limit, (r) => r.id);
  }

  /** Events after `afterId` for instances within a subtree: the live stream's source. */
  changes(campaignId: number, within: string, afterId: number, limit: number): Promise<apiStore.ChangeRow[]> {
    return apiStore.changesSince(this.#db, campaignId, within, afterId, limit);
  }

  /** The newest event id of a campaign (0 when none): where a live stream starts. */
  lastEventId(campaignId: number): Promise<number> {
    return apiStore.lastEventId(this.#db, campaignId);
  }
}
