// Time is injected: every deadline and every event's time comes from a Clock, so
// tests and `campaign simulate` run an 18-month campaign in seconds of real time.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(to: Date | string): void {
    const ms = new Date(to).getTime();
    if (ms < this.#ms) throw new Error(`ManualClock cannot go back from ${this.now().toISOString()} to ${new Date(ms).toISOString()}`);
    this.#ms = ms;
  }
  advance(ms: number): void {
    this.set(new Date(this.#ms + ms));
  }
}
