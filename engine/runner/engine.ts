// The engine: publishes definitions, launches campaigns, and drives instances. It
// restores an instance, steps the pure core, and persists snapshot, event, summary,
// timers and outbox in one transaction, batched with concurrent sends (group commit).
import { createHash } from 'node:crypto';
import { addDays, shanghaiDate, startOfDay } from '../../definitions/language/dates.js';
import { explainRefusal, periodProblemFor, sayReasons, type CampaignInput } from '../../definitions/language/compile.js';
import { parseEvent, SYSTEM_EVENTS, type CampaignEvent, type ChildrenView, type EventType, type Finding } from '../../definitions/language/events.js';
import type { CampaignDefinition, Level } from '../../definitions/language/schema.js';
import { issuesFromZod, validateDefinition } from '../../definitions/language/validate.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { calendarOf, campaignTimers, resolveDates, type ResolvedDates } from '../core/schedule.js';
import { childLevelOf } from '../../definitions/vocabulary.js';
import {
  compileDefinition,
  eventTypesHere,
  initialPersisted,
  restore,
  step,
  stillDueHere,
  summarize,
  XSTATE_VERSION,
  type Compiled,
  type Persisted,
  type Summary,
} from '../core/step.js';
import { EngineError } from '../errors.js';
import { Jurisdictions } from '../jurisdictions/jurisdictions.js';
import * as apiStore from '../store/api.js';
import { dbOf, type Database, type Db } from '../store/db.js';
import * as store from '../store/store.js';
import { Users } from '../users/users.js';
import { ancestorCodeLength, isWithin, NATION_CODE as NATION } from '../core/tree.js';
import { CampaignReads, type LaunchResult, type Page } from './campaigns.js';
import { Committer } from './committer.js';
import { RequestRecords } from './request-records.js';


export type SendOptions = {
  /** Who sends it: a user name, or `system:timer` for the engine's own deadlines. */
  actor: string;
  /** A retry with the same key returns the first result and writes nothing. */
  idempotencyKey?: string | undefined;
  /** Refuse (version_conflict) unless the instance is at this version. */
  expectedVersion?: number | undefined;
  /** System events (timers) only; callers of the API cannot send them. */
  system?: boolean;
  /** When the event happened; default: the clock's now. Timers pass their due time. (A caller's `occurredAt` travels in the input.) */
  at?: string;
  /** Who may send what where: asked inside the transaction, on the locked instance. */
  policy?: SendPolicy | undefined;
};

/**
 * A caller's rule for sending, asked after the instance is locked and the event
 * parsed, so nothing changes between the check and the write. A refusal becomes a
 * `forbidden` error with its reason and details; undefined lets the event through.
 */
export type SendPolicy = (subject: { instance: store.InstanceRow; definition: CampaignDefinition; event: CampaignEvent }) => Refusal | undefined;

/** Why a policy refuses: a sentence, and structured details for the caller. */
export type Refusal = { reason: string; details?: Record<string, unknown> };

export type SendResult = {
  instanceId: number;
  version: number;
  seq: number;
  type: EventType;
  value: Persisted['value'];
  summary: Summary;
  effects: string[];
  /** True when this answers a retry of an idempotency key already used. */
  duplicate: boolean;
};

type SendRequest = { instanceId: number; input: Record<string, unknown>; options: SendOptions };

export type LaunchInput = {
  definitionId: string;
  definitionVersion?: number | undefined;
  rootCode: string;
  launchDate: string;
  actor: string;
  originInstanceId?: number | null;
  /** A notice's findings, carried from the inspection that opened it. */
  findings?: Finding[];
};

export type { LaunchResult };

/** A cancelled campaign: instances cancelled, and those already at their end, left as they were. */
export type CancelResult = { cancelled: number; closed: number };

/** The largest page of history. */
export const MAX_HISTORY_PAGE = 500;

/** Instances sent CANCEL at once while cancelling a campaign. */
const CANCEL_PAGE = 1000;

export type EngineOptions = {
  database: Database;
  clock?: Clock;
  /** Batches in flight at once; default: 1 on PGlite, 4 on Postgres. */
  maxInFlight?: number;
  maxBatch?: number;
};

export class Engine {
  /** The database, opaque: to close it, or to run a scheduler or simulation on it. */
  readonly database: Database;
  readonly clock: Clock;
  /** Campaign listings, roll-ups, instances by code, outbox and changes. */
  readonly campaigns: CampaignReads;
  /** The administrative tree: browse, search, import. */
  readonly jurisdictions: Jurisdictions;
  /** Users of the API, their tokens and the web UI's sessions. */
  readonly users: Users;
  /** The records behind the API's Idempotency-Key. */
  readonly requests: RequestRecords;
  /** The drizzle handle: the engine's alone, so no layer above it runs SQL. */
  private readonly db: Db;
  readonly committer: Committer<SendRequest, SendResult>;
  readonly #compiled = new Map<string, Compiled>();
  readonly #campaigns = new Map<number, store.CampaignRow>();

  constructor(options: EngineOptions) {
    this.database = options.database;
    this.db = dbOf(options.database);
    this.clock = options.clock ?? systemClock;
    this.campaigns = new CampaignReads(this.db, {
      campaign: (id) => this.campaign(id),
      definitionOf: async (c) => (await this.compiled(c.definitionId, c.definitionVersion)).definition,
    });
    this.jurisdictions = new Jurisdictions(this.db);
    this.users = new Users(this.db, this.clock);
    this.requests = new RequestRecords(this.db);
    const maxInFlight = options.maxInFlight ?? (options.database.driver === 'pglite' ? 1 : Math.max(1, Math.min(4, options.database.poolSize - 1)));
    this.committer = new Committer((batch) => this.#applyBatch(batch), { maxInFlight, maxBatch: options.maxBatch ?? 256 });
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  // ------------------------------------------------------------ definitions

  /**
   * Validate and publish a new immutable version; publishing the same content again
   * returns its version. A definition id belongs to the jurisdiction that first
   * published it (`owner`; default the nation, 100000): a publisher from elsewhere
   * (`publisher`, the admin's jurisdiction) may not publish its next versions.
   */
  async publishDefinition(input: unknown, by: string, scope: { publisher?: string; owner?: string } = {}): Promise<{ id: string; version: number; created: boolean }> {
    const result = validateDefinition(input);
    if (!result.ok) throw EngineError.invalid('the definition is not valid', result.issues);
    const def = result.definition;
    const hash = createHash('sha256').update(canonicalJson(def)).digest('hex');
    return store.inTransaction(this.db, async (tx) => {
      const existing = await store.findDefinitionByHash(tx, def.id, hash);
      if (existing) return { id: def.id, version: existing.version, created: false };
      const owner = await store.claimDefinitionOwner(tx, def.id, scope.owner ?? scope.publisher ?? NATION, by);
      if (scope.publisher !== undefined && !isWithin(owner.ownerCode, scope.publisher)) {
        const where = (await store.getDefinitionOwner(tx, def.id))?.name ?? owner.ownerCode;
        throw new EngineError(
          'forbidden',
          `definition "${def.id}" belongs to ${where} (${owner.ownerCode}): only its admins, or those above it, publish its next versions; publish your changes as a copy under a new id`,
          { owner: owner.ownerCode },
        );
      }
      const version = await store.insertDefinition(tx, def, hash, by);
      return { id: def.id, version, created: true };
    });
  }

  /** Who owns a definition id (its code and name). */
  async definitionOwner(id: string): Promise<{ code: string; name: string } | undefined> {
    return store.getDefinitionOwner(this.db, id);
  }

  async getDefinition(id: string, version?: number): Promise<store.DefinitionRow> {
    const row = await store.getDefinition(this.db, id, version);
    if (!row) throw new EngineError('not_found', version === undefined ? `no definition "${id}"` : `no version ${version} of definition "${id}"`);
    return row;
  }

  /** Every definition: the latest version of each, with how many versions it has. */
  listDefinitions(): ReturnType<typeof store.listDefinitions> {
    return store.listDefinitions(this.db);
  }

  /** The versions of a definition, oldest first. */
  definitionVersions(id: string): ReturnType<typeof apiStore.listDefinitionVersions> {
    return apiStore.listDefinitionVersions(this.db, id);
  }

  async compiled(id: string, version: number, db: Db = this.db): Promise<Compiled> {
    const key = `${id}@${version}`;
    let c = this.#compiled.get(key);
    if (!c) {
      const row = await store.getDefinition(db, id, version);
      if (!row) throw new EngineError('not_found', `no version ${version} of definition "${id}"`);
      c = compileDefinition(row.content);
      this.#compiled.set(key, c);
    }
    return c;
  }

  async campaign(id: number, db: Db = this.db): Promise<store.CampaignRow> {
    const cached = this.#campaigns.get(id);
    if (cached && cached.status === 'running') return cached;
    const row = await store.getCampaign(db, id);
    if (!row) throw new EngineError('not_found', `no campaign ${id}`);
    this.#campaigns.set(id, row);
    return row;
  }

  async compiledForCampaign(campaignId: number, db: Db = this.db): Promise<Compiled> {
    const c = await this.campaign(campaignId, db);
    return this.compiled(c.definitionId, c.definitionVersion, db);
  }

  // ------------------------------------------------------------ launch

  /**
   * Launch a campaign on a root jurisdiction: one instance per jurisdiction of the
   * participating levels under it, linked parent to child, with its deadlines, in one
   * transaction.
   */
  async launch(input: LaunchInput): Promise<LaunchResult> {
    return store.inTransaction(this.db, (tx) => this.#launch(tx, input));
  }

  async #launch(tx: Db, input: LaunchInput): Promise<LaunchResult> {
    // A real calendar date: 2023-02-30 parses in JavaScript, but does not survive the round trip.
    if (!isCalendarDate(input.launchDate))
      throw EngineError.invalid('bad launch date', [{ path: ['launchDate'], message: 'must be a date written YYYY-MM-DD' }]);
    const defRow = await store.getDefinition(tx, input.definitionId, input.definitionVersion);
    if (!defRow) throw new EngineError('not_found', `no definition "${input.definitionId}"${input.definitionVersion ? ` version ${input.definitionVersion}` : ''}`);
    const compiled = await this.compiled(defRow.id, defRow.version, tx);
    const def = compiled.definition;
    const root = await store.getJurisdiction(tx, input.rootCode);
    if (!root) throw new EngineError('not_found', `no jurisdiction "${input.rootCode}"; import it first (campaign jurisdictions import)`);
    if (root.level !== def.levels.launchedBy)
      throw EngineError.invalid('wrong root level', [{ path: ['rootCode'], message: `"${def.id}" is launched by a ${def.levels.launchedBy}; ${root.code} ${root.name} is a ${root.level}` }]);

    const dates = resolveDates(def, input.launchDate, this.now());
    const campaignId = await store.insertCampaign(tx, {
      definitionId: defRow.id,
      definitionVersion: defRow.version,
      rootCode: root.code,
      launchDate: input.launchDate,
      dates,
      launchedBy: input.actor,
      originInstanceId: input.originInstanceId ?? null,
      input: input.findings?.length ? { findings: input.findings } : {},
    });
    // Every instance of a level starts from the same snapshot: build it once per level.
    const levels = def.levels.participating;
    const templates: store.LevelTemplate[] = levels.map((level, i) => {
      const snapshot = initialPersisted(compiled, instanceInput(dates, level, '', input.findings));
      const parentLevel = i > 0 ? levels[i - 1]! : null;
      const prefix = parentLevel ? ancestorCodeLength(parentLevel) : null;
      return {
        level,
        snapshot,
        summary: summarize(def, snapshot),
        parent: parentLevel === null ? 'none' : prefix === null ? 'root' : { codeLength: prefix },
      };
    });
    const byLevel = await store.insertInstancesForLaunch(tx, campaignId, root.code, templates, this.now(), XSTATE_VERSION);
    const timers = campaignTimers(def, dates);
    await store.insertCampaignTimers(tx, campaignId, timers);
    return { campaignId, instances: Object.values(byLevel).reduce((a, b) => a + b, 0), byLevel, timers: timers.length };
  }

  /**
   * Cancel a running campaign: every instance is sent CANCEL (one already at its end
   * stays as it is), then the campaign is marked cancelled and its deadlines dropped.
   * A failure (the database gone) is thrown and leaves the campaign running; calling
   * again resumes it, since each instance's CANCEL carries the same idempotency key
   * and answers its first result.
   */
  async cancelCampaign(campaignId: number, actor: string, reason: string): Promise<CancelResult> {
    // Read afresh: another process may have cancelled it since this one cached it.
    this.#campaigns.delete(campaignId);
    const campaign = await this.campaign(campaignId);
    if (campaign.status !== 'running') throw new EngineError('conflict', `campaign ${campaignId} is ${campaign.status}`);
    const result: CancelResult = { cancelled: 0, closed: 0 };
    for (let after = 0; ; ) {
      const ids = await store.instanceIdsAfter(this.db, campaignId, after, CANCEL_PAGE);
      if (ids.length === 0) break;
      const sent = await Promise.allSettled(ids.map((id) => this.send(id, { type: 'CANCEL', reason }, { actor, idempotencyKey: `cancel-campaign:${campaignId}` })));
      for (const r of sent) {
        if (r.status === 'fulfilled') result.cancelled += 1;
        else if (!(r.reason instanceof EngineError)) throw r.reason;
        // The key is this campaign's cancel alone: an earlier attempt (by another admin, or with another reason) cancelled it.
        else if (r.reason.code === 'idempotency_key_reused') result.cancelled += 1;
        else if (r.reason.code === 'event_not_accepted') result.closed += 1;
        else throw r.reason;
      }
      after = ids.at(-1)!;
    }
    await store.inTransaction(this.db, async (tx) => {
      await store.setCampaignStatus(tx, campaignId, 'cancelled', this.now());
      await store.cancelCampaignTimers(tx, campaignId);
    });
    this.#campaigns.delete(campaignId);
    return result;
  }

  // ------------------------------------------------------------ events

  /**
   * Send an event to an instance. Validates the payload (invalid → 422 with every
   * issue), refuses an event the state does not accept (listing those it does), and
   * commits with concurrent sends.
   */
  send(instanceId: number, input: Record<string, unknown>, options: SendOptions): Promise<SendResult> {
    return this.committer.submit({ instanceId, input, options });
  }

  /** The children's view an ADVANCE needs for `children-past`. */
  async #childrenView(tx: Db, def: CampaignDefinition, instanceId: number): Promise<ChildrenView> {
    const counts = await store.childPhaseCounts(tx, instanceId);
    const live = counts.filter((c) => c.phaseIndex >= 0);
    const past: Record<string, number> = {};
    def.phases.forEach((p, i) => {
      past[p.id] = live.filter((c) => c.phaseIndex >= i).reduce((a, c) => a + c.n, 0);
    });
    past[def.final.id] = live.filter((c) => c.phaseIndex >= def.phases.length).reduce((a, c) => a + c.n, 0);
    return { total: live.reduce((a, c) => a + c.n, 0), past };
  }

  async #applyBatch(batch: readonly SendRequest[]) {
    return store.inTransaction(this.db, async (tx) => {
      const ids = [...new Set(batch.map((r) => r.instanceId))].sort((a, b) => a - b);
      const rows = new Map((await store.lockInstances(tx, ids)).map((r) => [r.id, r]));
      const keyed = batch.filter((r) => r.options.idempotencyKey !== undefined && rows.has(r.instanceId));
      const recorded = await store.findIdempotent(tx, keyed.map((r) => ({ instanceId: r.instanceId, key: r.options.idempotencyKey! })));
      const seen = new Map<string, store.KeyedEvent>();

      const updates = new Map<number, store.InstanceUpdate>();
      const newEvents: store.NewEvent[] = [];
      const schedules = new Map<string, store.InstanceTimer>();
      const cancels: { instanceId: number; keyPrefix: string }[] = [];
      const outbox: store.OutboxRow[] = [];
      const rectifications: LaunchInput[] = [];
      const out: Array<{ ok: true; value: SendResult } | { ok: false; error: unknown }> = [];

      for (const req of batch) {
        try {
          out.push({ ok: true, value: await this.#applyOne(tx, req, rows, recorded, seen, { updates, newEvents, schedules, cancels, outbox, rectifications }) });
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          out.push({ ok: false, error });
        }
      }

      await store.updateInstances(tx, [...updates.values()]);
      // A campaign whose last instance reached its final state in this batch closes with it.
      const finished = [...new Set([...updates.values()].filter((u) => u.summary.closed && !rows.get(u.id)?.summary.closed).map((u) => rows.get(u.id)!.campaignId))];
      for (const id of await store.closeFinishedCampaigns(tx, finished, this.now())) this.#campaigns.delete(id);
      await store.insertEvents(tx, newEvents);
      await store.cancelInstanceTimers(tx, cancels);
      await store.upsertInstanceTimers(tx, [...schedules.values()]);
      await store.insertOutbox(tx, outbox);
      for (const r of rectifications) {
        const launched = await this.#launch(tx, r);
        await store.insertOutbox(tx, [{ campaignId: launched.campaignId, instanceId: r.originInstanceId!, kind: 'rectification-opened', payload: { campaignId: launched.campaignId, definition: r.definitionId } }]);
      }
      return out;
    });
  }

  async #applyOne(
    tx: Db,
    req: SendRequest,
    rows: Map<number, store.InstanceRow>,
    recorded: Map<string, store.KeyedEvent>,
    seen: Map<string, store.KeyedEvent>,
    acc: {
      updates: Map<number, store.InstanceUpdate>;
      newEvents: store.NewEvent[];
      schedules: Map<string, store.InstanceTimer>;
      cancels: { instanceId: number; keyPrefix: string }[];
      outbox: store.OutboxRow[];
      rectifications: LaunchInput[];
    },
  ): Promise<SendResult> {
    const { options } = req;
    const row = rows.get(req.instanceId);
    if (!row) throw new EngineError('not_found', `no instance ${req.instanceId}`);
    const idemKey = options.idempotencyKey === undefined ? undefined : `${req.instanceId}\u0000${options.idempotencyKey}`;
    // The fingerprint of the request: the same key with another event or another sender is not a retry.
    const requestHash = idemKey ? createHash('sha256').update(canonicalJson({ event: req.input, actor: options.actor })).digest('hex') : null;
    if (idemKey) {
      const earlier = seen.get(idemKey) ?? recorded.get(idemKey);
      if (earlier && earlier.requestHash !== null && earlier.requestHash !== requestHash)
        throw new EngineError(
          'idempotency_key_reused',
          `the idempotency key "${options.idempotencyKey}" was first used for event ${earlier.seq} (${earlier.type}) of instance ${req.instanceId}, sent by ${earlier.actor} at ${earlier.at}; this is another request: use a new key`,
          { firstUse: { instanceId: req.instanceId, seq: earlier.seq, type: earlier.type, at: earlier.at } },
        );
      if (earlier) return { ...(earlier.result as SendResult), duplicate: true };
    }
    const { occurredAt, ...payload } = req.input;
    const campaign = await this.campaign(row.campaignId, tx);
    const at = occurredAt === undefined ? (options.at ?? this.now()) : this.#occurredAt(occurredAt, campaign);
    const parsed = parseEvent({ ...payload, at });
    if (!parsed.success) throw EngineError.invalid('the event is not valid', issuesFromZod(parsed.error));
    let event: CampaignEvent = parsed.data;
    if (SYSTEM_EVENTS.has(event.type) && !options.system)
      throw new EngineError('forbidden', `"${event.type}" is sent by the engine's timers, not by a caller`);
    const compiled = await this.compiledForCampaign(row.campaignId, tx);
    const def = compiled.definition;
    const refusal = options.policy?.({ instance: row, definition: def, event });
    if (refusal) throw new EngineError('forbidden', refusal.reason, refusal.details);

    const current = acc.updates.get(row.id);
    const version = current?.version ?? row.version;
    const persisted = current?.snapshot ?? row.snapshot;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version)
      throw new EngineError('version_conflict', `instance ${row.id} is at version ${version}, not ${options.expectedVersion}`, { version });

    if (event.type === 'FILE_REPORT') {
      // A period the report does not have is the caller's input error, not a state the instance is in.
      const problem = periodProblemFor(def, persisted.context, event.report, event.period);
      if (problem) throw EngineError.invalid(problem.message.en, [{ path: ['period'], message: problem.message.en, zh: problem.message.zh }]);
    }
    if ((event.type === 'ADVANCE' || event.type === 'REVIEW') && childLevelOf(def, row.level)) event = { ...event, children: await this.#childrenView(tx, def, row.id) };
    let noticeStart: string | undefined;
    let noticeVersion: number | undefined;
    if (event.type === 'INSPECT' && event.openRectification) {
      const open = event.openRectification;
      const target = await store.getDefinition(tx, open.definition, open.version);
      if (!target)
        throw EngineError.invalid('unknown definition', [
          { path: ['openRectification', open.version === undefined ? 'definition' : 'version'], message: `no definition "${open.definition}"${open.version === undefined ? '' : ` version ${open.version}`}` },
        ]);
      if (target.content.levels.launchedBy !== row.level)
        throw EngineError.invalid('wrong level', [{ path: ['openRectification', 'definition'], message: `"${target.id}" is launched by a ${target.content.levels.launchedBy}; this instance is a ${row.level}` }]);
      const inspected = shanghaiDate(event.at);
      noticeStart = open.start ?? addDays(inspected, target.content.rectification?.start?.days ?? 0);
      noticeVersion = target.version;
      if (!isCalendarDate(noticeStart) || noticeStart < inspected)
        throw EngineError.invalid('bad start', [{ path: ['openRectification', 'start'], message: `must be a calendar date on or after the inspection (${inspected})` }]);
      // The history says what was opened: the version and first day as resolved now.
      event = { ...event, openRectification: { ...open, version: noticeVersion, start: noticeStart } };
    }

    const result = step(compiled, persisted, event);
    if (!result.accepted) {
      const allowed = result.allowed.filter((t) => !SYSTEM_EVENTS.has(t));
      const reasons = explainRefusal(def, persisted, event, allowed);
      const message = { zh: `${event.type} 未被接受：${sayReasons(reasons, 'zh')}`, en: `${event.type} is not accepted: ${sayReasons(reasons, 'en')}` };
      throw new EngineError('event_not_accepted', message.en, { allowed, reasons, message, version });
    }

    const nextVersion = version + 1;
    const summary = summarize(def, result.persisted);
    acc.updates.set(row.id, { id: row.id, snapshot: result.persisted, version: nextVersion, summary, updatedAt: this.now() });
    const sendResult: SendResult = {
      instanceId: row.id,
      version: nextVersion,
      seq: nextVersion,
      type: event.type,
      value: result.persisted.value,
      summary,
      effects: result.effects.map((e) => e.type),
      duplicate: false,
    };
    acc.newEvents.push({
      instanceId: row.id,
      campaignId: row.campaignId,
      seq: nextVersion,
      type: event.type,
      payload: event,
      actor: options.actor,
      at: event.at,
      recordedAt: this.now(),
      idempotencyKey: options.idempotencyKey ?? null,
      requestHash,
      result: sendResult,
    });
    if (idemKey) seen.set(idemKey, { result: sendResult, requestHash, seq: nextVersion, type: event.type, at, actor: options.actor });

    for (const effect of result.effects) {
      switch (effect.type) {
        case 'schedule':
          acc.schedules.set(`${row.id}\u0000${effect.key}`, { instanceId: row.id, campaignId: row.campaignId, key: effect.key, dueAt: effect.at, event: effect.event });
          break;
        case 'cancel':
          // A later schedule in this batch with the prefix must survive, an earlier one must not.
          for (const [k, t] of acc.schedules) if (t.instanceId === row.id && t.key.startsWith(effect.keyPrefix)) acc.schedules.delete(k);
          acc.cancels.push({ instanceId: row.id, keyPrefix: effect.keyPrefix });
          break;
        case 'notify-parent': {
          // A rectification notice's root reports to the instance whose inspection opened it.
          const origin = row.parentId === null ? campaign.originInstanceId : null;
          acc.outbox.push({ campaignId: row.campaignId, instanceId: row.id, kind: `notify-parent:${effect.reason}`, payload: { parentId: row.parentId ?? origin, detail: effect.detail, ...(effect.data ?? {}), at } });
          break;
        }
        case 'suspend-business':
          acc.outbox.push({ campaignId: row.campaignId, instanceId: row.id, kind: 'suspend-business', payload: { unit: effect.unit, unitTitle: effect.unitTitle, item: effect.item, at } });
          break;
        case 'refer-up': {
          // 报上级处理: the level above the notice — the parent of the instance whose inspection
          // opened it — receives the matter as an event of its own, delivered durably.
          const receiver = await this.#referralReceiver(tx, row, campaign);
          acc.outbox.push({ campaignId: row.campaignId, instanceId: row.id, kind: 'refer-up', payload: { to: receiver?.id ?? null, unit: effect.unit, unitTitle: effect.unitTitle, item: effect.item, actions: effect.actions, at } });
          if (receiver)
            acc.schedules.set(`${receiver.id}\u0000referral:${row.id}:${nextVersion}:${effect.unit}:${effect.item}`, {
              instanceId: receiver.id,
              campaignId: receiver.campaignId,
              key: `referral:${row.id}:${nextVersion}:${effect.unit}:${effect.item}`,
              dueAt: at,
              event: {
                type: 'REFERRAL',
                from: { campaignId: row.campaignId, instanceId: row.id, code: row.jurisdictionCode },
                unit: effect.unit,
                unitTitle: effect.unitTitle,
                item: effect.item,
                itemText: effect.itemText,
                actions: effect.actions,
              },
            });
          break;
        }
        case 'open-rectification':
          acc.rectifications.push({
            definitionId: effect.definition,
            definitionVersion: noticeVersion,
            rootCode: row.jurisdictionCode,
            launchDate: noticeStart ?? shanghaiDate(at),
            actor: options.actor,
            originInstanceId: row.id,
            findings: effect.findings,
          });
          break;
      }
    }
    return sendResult;
  }

  /**
   * A caller's `occurredAt`: when the event happened, so a paper filing or a campaign
   * entered half-way is recorded as it was. Not in the future, not before the launch.
   */
  #occurredAt(value: unknown, campaign: store.CampaignRow): string {
    const issue = (message: string) => EngineError.invalid(message, [{ path: ['occurredAt'], message }]);
    if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))
      throw issue('must be a time with its offset, e.g. "2024-03-05T09:30:00+08:00"');
    const now = this.now();
    if (Date.parse(value) > Date.parse(now)) throw issue(`must not be in the future (now ${now})`);
    const launched = startOfDay(campaign.launchDate);
    if (Date.parse(value) < Date.parse(launched)) throw issue(`must not be before the campaign's launch (${campaign.launchDate})`);
    return new Date(Date.parse(value)).toISOString();
  }

  /** Who receives what a notice reports up: the parent of the instance whose inspection opened it (or that instance, at the top). */
  async #referralReceiver(tx: Db, row: store.InstanceRow, campaign: store.CampaignRow): Promise<store.InstanceRow | undefined> {
    const originId = row.parentId === null ? campaign.originInstanceId : null;
    if (originId === null) return row.parentId === null ? undefined : store.getInstance(tx, row.parentId);
    const origin = await store.getInstance(tx, originId);
    if (!origin) return undefined;
    return origin.parentId === null ? origin : store.getInstance(tx, origin.parentId);
  }

  /** Where a caller's idempotency key was first used on another instance, if it was. */
  async eventKeyUse(key: string, instanceId: number) {
    return store.findKeyElsewhere(this.db, key, instanceId);
  }

  /**
   * Forget idempotency keys older than `hours` (events: those starting with `prefix`, the
   * API's; the engine's own timer keys stay). Returns how many were forgotten.
   */
  async purgeEventKeys(prefix: string, hours: number): Promise<number> {
    const before = new Date(this.clock.now().getTime() - hours * 3600_000).toISOString();
    let total = 0;
    for (let n = -1; n !== 0; total += n) n = await store.purgeEventKeys(this.db, prefix, before, 5000);
    return total;
  }

  // ------------------------------------------------------------ reading

  async instance(id: number) {
    const row = await store.getInstance(this.db, id);
    if (!row) throw new EngineError('not_found', `no instance ${id}`);
    const compiled = await this.compiledForCampaign(row.campaignId);
    const snapshot = restore(compiled, row.snapshot);
    const deadlines = (await store.listInstanceTimers(this.db, row.id, row.campaignId, row.level)).filter((d) => stillDueHere(row.snapshot.context, d.event));
    const allowed = eventTypesHere(snapshot).filter((t) => !SYSTEM_EVENTS.has(t));
    return { ...row, allowed, deadlines };
  }

  /** An instance as stored (snapshot, summary, version), without restoring it. */
  async instanceRow(id: number): Promise<store.InstanceRow> {
    const row = await store.getInstance(this.db, id);
    if (!row) throw new EngineError('not_found', `no instance ${id}`);
    return row;
  }

  /** A page of an instance's events, oldest first, after sequence number `after`; at most 500 a page. */
  async history(instanceId: number, page: { after?: number; limit?: number } = {}): Promise<Page<store.EventRow, number>> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_HISTORY_PAGE);
    const rows = await store.listEvents(this.db, instanceId, page.after ?? 0, limit + 1);
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? items.at(-1)!.seq : null };
  }

  /** Does the database answer? */
  async ping(): Promise<void> {
    await store.getJurisdiction(this.db, '0');
  }

  /** Rebuild an instance's snapshot from its event log alone. */
  async replay(instanceId: number): Promise<Persisted> {
    const row = await store.getInstance(this.db, instanceId);
    if (!row) throw new EngineError('not_found', `no instance ${instanceId}`);
    const compiled = await this.compiledForCampaign(row.campaignId);
    const campaign = await this.campaign(row.campaignId);
    let persisted = initialPersisted(compiled, instanceInput(campaign.dates, row.level, row.jurisdictionCode, campaign.input.findings));
    for (let after = 0; ; ) {
      const page = await store.listEvents(this.db, instanceId, after, 500);
      if (page.length === 0) break;
      for (const e of page) {
        const r = step(compiled, persisted, e.payload);
        if (!r.accepted) throw new Error(`replay of instance ${instanceId}: event ${e.seq} (${e.type}) is not accepted`);
        persisted = r.persisted;
      }
      after = page.at(-1)!.seq;
    }
    return persisted;
  }
}

/**
 * What an instance starts from: its level and jurisdiction, the campaign's calendar
 * (launch date and phase windows: what is due when, and when each phase opens) and,
 * for a notice, the findings that opened it. Launch and replay must build it alike.
 */
export function instanceInput(dates: ResolvedDates, level: Level, jurisdiction: string, findings?: Finding[]): CampaignInput {
  return { level, jurisdiction, calendar: calendarOf(dates), ...(findings?.length ? { findings } : {}) };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2023-02-30 is not). */
export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) && new Date(date).toISOString().slice(0, 10) === date;
}

/** JSON with sorted keys, so equal definitions hash equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
