import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { MemoryWindowStorage } from './memory-window.storage';
import { PostgresWindowStorage } from './postgres-window.storage';
import { HotRoutes } from '../common/fast-path/hot-routes';
import { perReplicaLimits } from './rate-limited-endpoints';
import type { ThrottlerStorageRecord } from './throttler-storage-record';

/** Sends each named limit to its store: memory for the limits of hot routes, Postgres for the others. */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly shared: PostgresWindowStorage;
  private readonly local = new MemoryWindowStorage();
  private perReplica?: ReadonlySet<string>;

  constructor(
    db: DataSource,
    private readonly hot: HotRoutes,
  ) {
    this.shared = new PostgresWindowStorage(db);
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    // Read on the first request: the hot routes are known once every controller exists.
    this.perReplica ??= perReplicaLimits(this.hot.routes);
    const store = this.perReplica.has(name) ? this.local : this.shared;
    return store.increment(key, ttl, limit);
  }

  onApplicationShutdown(): void {
    this.local.close();
  }
}
