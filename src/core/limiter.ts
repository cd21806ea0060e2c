/** Limits how many tasks run at once; the limit can shrink under back-pressure and grow back (AIMD). */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private current: number;
  private successesSinceChange = 0;
  private pausedUntil = 0;

  /** @param max the most tasks in flight at once */
  constructor(private readonly max: number) {
    if (!Number.isFinite(max) || max < 1) throw new RangeError(`concurrency must be at least 1, got ${max}`);
    this.current = max;
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Tasks waiting for a place. */
  get queued(): number {
    return this.waiting.length;
  }

  /** The limit in force now (below max after rate limiting). */
  get limit(): number {
    return this.current;
  }

  /** Runs a task when a place is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Halves the limit and holds new starts until `untilMs` (epoch ms), after a rate-limit answer. */
  backOff(untilMs: number): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.successesSinceChange = 0;
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Counts a success; after `limit` successes in a row the limit grows by one, up to max. */
  recordSuccess(): void {
    if (this.current >= this.max) return;
    this.successesSinceChange += 1;
    if (this.successesSinceChange >= this.current) {
      this.current += 1;
      this.successesSinceChange = 0;
      this.drain();
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      if (this.active < this.current) {
        this.active += 1;
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(): void {
    this.active -= 1;
    this.drain();
  }

  private drain(): void {
    let free = this.current - this.active;
    while (free > 0 && this.waiting.length > 0) {
      this.waiting.shift()?.();
      free -= 1;
    }
  }
}
