import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from './throttler-storage-record';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-statement';
import type { PurgeRule } from '../database/purge-rule';

/**
 * Fixed-window counters shared by every replica: one upsert per request, atomic in Postgres,
 * so concurrent hits on several replicas all count. The database clock decides windows, so
 * replicas with skewed clocks agree. Expired rows are reused in place or purged by the cleanup job.
 */
export class PostgresWindowStorage implements ThrottlerStorage {
  constructor(private readonly db: DataSource) {}

  async increment(key: string, ttlMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    // On every limited request (each login form post): a prepared statement (src/database/prepared-statement.ts).
    const [row] = await preparedQuery<{ hits: number; seconds_left: number }>(
      this.db,
      'rate_limits_increment',
      `INSERT INTO rate_limits AS r (key, window_start, expires_at, hits)
         VALUES ($1, now(), now() + make_interval(secs => $2), 1)
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN r.expires_at <= now() THEN now() ELSE r.window_start END,
         expires_at = CASE WHEN r.expires_at <= now() THEN now() + make_interval(secs => $2) ELSE r.expires_at END,
         hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END
       RETURNING hits, greatest(1, ceil(extract(epoch FROM r.expires_at - now())))::int AS seconds_left`,
      [key, ttlMs / 1000],
    );
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire: row.seconds_left,
      isBlocked,
      timeToBlockExpire: isBlocked ? row.seconds_left : 0,
    };
  }
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const RATE_LIMITS_PURGE: PurgeRule = { table: 'rate_limits', expired: 't.expires_at < now()' };
