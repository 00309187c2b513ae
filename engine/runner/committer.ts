// Group commit: concurrent sends are gathered into batches, and each batch is one
// transaction (lock the instances, apply every event in memory, write everything
// with a handful of statements). While a batch is in flight the next one gathers,
// so under load the batch grows and the cost per event falls toward the raw bound.

export type BatchRunner<Req, Res> = (batch: readonly Req[]) => Promise<Array<{ ok: true; value: Res } | { ok: false; error: unknown }>>;

type Pending<Req, Res> = { req: Req; resolve: (r: Res) => void; reject: (e: unknown) => void };

export type CommitterOptions = {
  /** Batches in flight at once (PGlite: 1, it has one connection). */
  maxInFlight: number;
  /** Largest batch. */
  maxBatch: number;
};

export class Committer<Req, Res> {
  readonly #run: BatchRunner<Req, Res>;
  readonly #options: CommitterOptions;
  #queue: Pending<Req, Res>[] = [];
  #inFlight = 0;
  #idle: Array<() => void> = [];
  /** Batches committed and their sizes, for the benchmark's report. */
  readonly stats = { batches: 0, events: 0, largest: 0 };

  constructor(run: BatchRunner<Req, Res>, options: CommitterOptions) {
    this.#run = run;
    this.#options = options;
  }

  submit(req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.#queue.push({ req, resolve, reject });
      this.#pump();
    });
  }

  /** Resolves when nothing is queued or in flight. */
  drained(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatch);
      this.#inFlight += 1;
      void this.#execute(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
        if (this.#inFlight === 0 && this.#queue.length === 0) for (const done of this.#idle.splice(0)) done();
      });
    }
  }

  async #execute(batch: Pending<Req, Res>[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.events += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.#run(batch.map((p) => p.req));
      batch.forEach((p, i) => {
        const r = results[i]!;
        if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    // The batch failed as a whole (e.g. a concurrent process wrote the same
    // idempotency key first): nothing of it was committed, so retry one by one and
    // let each request fail or succeed on its own.
    for (const p of batch) {
      try {
        const [r] = await this.#run([p.req]);
        if (r!.ok) p.resolve(r!.value);
        else p.reject(r!.error);
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
