import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { MemoryWindowStorage } from './memory-window.storage';
import { PostgresWindowStorage } from './postgres-window.storage';
import type { RateLimitName } from '../config/rate-limit-setting';
import { SHARED_LIMITS } from './rate-limited-endpoints';
import type { ThrottlerStorageRecord } from './throttler-storage-record';

/** Sends each named limit to its store: Postgres for the shared ones, memory for the hot paths. */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly shared: PostgresWindowStorage;
  private readonly local = new MemoryWindowStorage();

  constructor(db: DataSource) {
    this.shared = new PostgresWindowStorage(db);
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const store = SHARED_LIMITS.has(name as RateLimitName) ? this.shared : this.local;
    return store.increment(key, ttl, limit);
  }

  onApplicationShutdown(): void {
    this.local.close();
  }
}
