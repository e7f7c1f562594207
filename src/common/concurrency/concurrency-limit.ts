/** A task refused because those already waiting would keep it from starting for too long. */
export class ConcurrencyLimitFull extends Error {
  constructor(
    /** About when the queue will have drained, at the pace of recent tasks. */
    readonly retryAfterSeconds: number,
  ) {
    super('too many tasks are waiting');
  }
}

export interface ConcurrencyLimitOptions {
  /**
   * A task that would wait longer than this for a slot, judged by how long recent tasks took, is
   * refused (ConcurrencyLimitFull) instead of queued: under overload the queue stays as long as
   * can be served in this time, and the tasks beyond it learn so at once.
   */
  maxWaitMs?: number;
}

/** Weight of the latest task in the moving average of how long tasks take. */
const DURATION_WEIGHT = 1 / 8;

/**
 * Runs at most `limit` tasks at once; the others wait their turn, first come first served.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Moving average of a task's duration (ms); undefined until one has finished. */
  private taskMs?: number;

  constructor(
    private readonly limit: number,
    private readonly options: ConcurrencyLimitOptions = {},
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, not ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      this.admit();
      await new Promise<void>((start) => this.waiting.push(start));
    } else this.running++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      const took = performance.now() - started;
      this.taskMs = this.taskMs === undefined ? took : this.taskMs + (took - this.taskMs) * DURATION_WEIGHT;
      // Hand the slot straight to the next waiter, so `running` never drops and rises again.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Every slot is busy: a task may join the queue only if it would start within maxWaitMs. */
  private admit(): void {
    const { maxWaitMs } = this.options;
    if (maxWaitMs === undefined || this.taskMs === undefined) return;
    // It starts once the tasks ahead of it have run, `limit` at a time, and a running one has ended.
    const waitMs = ((this.waiting.length + 1) * this.taskMs) / this.limit;
    if (waitMs > maxWaitMs) throw new ConcurrencyLimitFull(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
