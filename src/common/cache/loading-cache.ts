/**
 * One value loaded on demand and kept `ttlSeconds` (0: reloaded on every call). Concurrent
 * callers share one load, so a hot path costs at most one query per TTL per process. When a
 * reload fails, the last value is served and the error reported: a database blip should not
 * take down discovery or signing for data that was good a moment ago.
 */
export class LoadingCache<T> {
  private value?: { data: T; loadedAt: number; expiresAt: number };
  private loading?: Promise<T>;
  private generation = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly load: () => Promise<T>,
    private readonly onStaleServed: (error: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const value = this.value;
    if (value && this.now() < value.expiresAt) return Promise.resolve(value.data);
    return (this.loading ??= this.reload());
  }

  /**
   * The value, loaded again first when it was loaded more than `maxAgeSeconds` ago: for a caller
   * that missed something in it that may have been added elsewhere (another process, a replica)
   * since. The bound keeps a stream of such misses to one load per `maxAgeSeconds`. The value
   * stays meanwhile: a failed load serves it, as get() does, so a miss during a database outage
   * does not take away what every other request is served.
   */
  fresh(maxAgeSeconds: number): Promise<T> {
    const value = this.value;
    if (value && this.now() - value.loadedAt <= maxAgeSeconds * 1000) return Promise.resolve(value.data);
    return (this.loading ??= this.reload());
  }

  /** Forget the value now: the next get() loads, and a load already running is not kept. */
  invalidate(): void {
    this.generation++;
    this.value = undefined;
    this.loading = undefined;
  }

  private async reload(): Promise<T> {
    const generation = this.generation;
    const startedAt = this.now();
    try {
      const data = await this.load();
      if (generation === this.generation)
        this.value = { data, loadedAt: startedAt, expiresAt: startedAt + this.ttlSeconds * 1000 };
      return data;
    } catch (error) {
      const stale = this.value;
      if (!stale || generation !== this.generation) throw error;
      this.onStaleServed(error);
      return stale.data;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}
