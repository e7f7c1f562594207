export interface GroupCommitOptions<T> {
  /** Writes the items in one statement, committed when it resolves. */
  write: (items: T[]) => Promise<void>;
  /** Writes running at once. A caller that finds a slot free is written at once, alone. */
  maxInFlight: number;
  /** Items per statement. One caller's items are never split, so a caller alone may exceed it. */
  maxBatch: number;
  /**
   * Whether a failed batch may have failed for one caller's items (a constraint violation), so
   * each caller is retried alone; otherwise (a lost connection) every caller gets the error.
   */
  isolatable: (error: unknown) => boolean;
}

interface Submission<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
  /** Written in a statement of its own: it was in a batch that failed. */
  alone?: boolean;
}

/**
 * Group commit in the application. While every slot is busy, callers queue; when a slot frees,
 * everyone queued goes out in one statement and one commit, so under load the database sees a
 * few large writes instead of one per caller, and at low load nobody waits. A caller's promise
 * settles only once its own items are committed (or have failed), never earlier.
 */
export class GroupCommit<T> {
  private readonly queue: Submission<T>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  write(items: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      this.inFlight++;
      void this.commit(this.takeBatch()).then(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  /** The longest run of queued callers, oldest first, whose items fit in one batch (at least one caller). */
  private takeBatch(): Submission<T>[] {
    let count = 1;
    let size = this.queue[0].items.length;
    while (
      count < this.queue.length &&
      !this.queue[0].alone &&
      !this.queue[count].alone &&
      size + this.queue[count].items.length <= this.options.maxBatch
    ) {
      size += this.queue[count].items.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** Settles every caller of the batch, or queues them again to be written alone; never rejects. */
  private async commit(batch: Submission<T>[]): Promise<void> {
    try {
      await this.options.write(batch.flatMap((s) => s.items));
      for (const s of batch) s.resolve();
    } catch (error) {
      if (batch.length > 1 && this.options.isolatable(error)) {
        // Ahead of everyone else, one statement per caller (as without batching) through the same
        // slots: only the callers at fault fail, and the writes in flight stay within maxInFlight.
        this.queue.unshift(...batch.map((s) => ({ ...s, alone: true })));
      } else {
        for (const s of batch) s.reject(error);
      }
    }
  }
}
