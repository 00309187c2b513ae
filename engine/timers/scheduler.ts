// The scheduler fires durable deadlines. It claims due timers with FOR UPDATE SKIP
// LOCKED under a lease, so several engine processes can run side by side without
// firing one twice, and a timer whose process died is taken over when its lease
// ends. A campaign-wide timer is delivered to its instances in batches, its cursor
// saved after each, and every delivery carries the idempotency key `timer:<id>`, so a
// resumed delivery never applies an event twice.
import type { Engine } from '../runner/engine.js';
import { EngineError } from '../errors.js';
import { dbOf, type Db } from '../store/db.js';
import * as store from '../store/store.js';

export type SchedulerOptions = {
  /** Instances per delivery batch of a campaign-wide timer. */
  batchSize?: number;
  /** How long a claim holds before another process may take the timer over. */
  leaseMs?: number;
  /** Timers claimed per round. */
  claim?: number;
};

export type RunReport = { timers: number; delivered: number; ignored: number };

export class Scheduler {
  readonly #engine: Engine;
  readonly #db: Db;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #claim: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(engine: Engine, options: SchedulerOptions = {}) {
    this.#engine = engine;
    this.#db = dbOf(engine.database);
    this.#batchSize = options.batchSize ?? 1000;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#claim = options.claim ?? 200;
  }

  #lease(): string {
    return new Date(this.#engine.clock.now().getTime() + this.#leaseMs).toISOString();
  }

  /** Fire everything due by the clock's now, in due order; returns what it did. */
  async runDue(): Promise<RunReport> {
    const report: RunReport = { timers: 0, delivered: 0, ignored: 0 };
    const db = this.#db;
    for (;;) {
      const now = this.#engine.now();
      const claimed = await store.claimDueTimers(db, now, this.#lease(), this.#claim);
      if (claimed.length === 0) {
        // Another scheduler is delivering an earlier deadline: wait for it rather than run ahead.
        if (await store.othersFiring(db, now)) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        return report;
      }
      // Consecutive per-instance timers go out together as one batch of sends;
      // a campaign-wide timer is delivered on its own, in its place in the order.
      let run: store.DueTimer[] = [];
      const flush = async () => {
        if (run.length === 0) return;
        await this.#deliver(run.map((t) => ({ instanceId: t.instanceId!, timer: t })), report);
        await store.finishTimers(db, run.map((t) => t.id), this.#engine.now());
        report.timers += run.length;
        run = [];
      };
      for (const timer of claimed) {
        if (timer.instanceId !== null) {
          run.push(timer);
          continue;
        }
        await flush();
        await this.#broadcast(timer, report);
        report.timers += 1;
      }
      await flush();
    }
  }

  async #broadcast(timer: store.DueTimer, report: RunReport): Promise<void> {
    const db = this.#db;
    let cursor = timer.cursor;
    for (;;) {
      const ids = await store.instanceIdsAtLevels(db, timer.campaignId, timer.levels ?? [], cursor, this.#batchSize);
      if (ids.length === 0) break;
      await this.#deliver(ids.map((instanceId) => ({ instanceId, timer })), report);
      cursor = ids.at(-1)!;
      await store.advanceTimerCursor(db, timer.id, cursor, this.#lease());
    }
    await store.finishTimers(db, [timer.id], this.#engine.now());
  }

  async #deliver(targets: { instanceId: number; timer: store.DueTimer }[], report: RunReport): Promise<void> {
    const results = await Promise.allSettled(
      targets.map(({ instanceId, timer }) =>
        this.#engine.send(instanceId, timer.event, { actor: 'system:timer', idempotencyKey: `timer:${timer.id}`, system: true, at: new Date(timer.dueAt).toISOString() }),
      ),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') report.delivered += 1;
      // A deadline the state no longer cares about (report filed, phase left) is not an error.
      else if (r.reason instanceof EngineError && r.reason.code === 'event_not_accepted') report.ignored += 1;
      else throw r.reason;
    }
  }

  /** Poll for due timers until stop(); for the server process. */
  start(intervalMs = 1000): void {
    this.#stopped = false;
    const tick = () => {
      this.#running = this.runDue()
        .catch((e: unknown) => console.error('scheduler:', e))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
