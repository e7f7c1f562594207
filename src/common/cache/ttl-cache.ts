/**
 * A small in-process cache whose entries live `ttlSeconds`. Replicas do not share it, so it
 * only holds data that may be stale for that long (DESIGN: state and scale); 0 turns it off.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.ttlSeconds <= 0) return;
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
