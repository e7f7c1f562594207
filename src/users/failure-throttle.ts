import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-statement';
import { type CountingPolicy, isThrottlePolicy, LOGIN_WINDOW_SECONDS, type ThrottlePolicy } from './login-throttle';
import type { PurgeRule } from '../database/purge-rule';

/** What a counter says now: failures still within `windowSeconds`, and how long it stays locked. */
export interface FailureCount {
  failures: number;
  lockedForSeconds: number;
  /** Whether the key has a row at all (counted failures once, maybe long ago): clear() has something to delete. */
  stored: boolean;
}

/**
 * Failure counters with lockout and backoff (see login-throttle.ts), in login_attempts so they
 * hold across replicas. Keys name what is counted: `ip:…`, `pair:…`, `account:…` and `browser:…`
 * for sign-in, and other prefixes for other guessable secrets (e.g. `device:ip:…` for user codes).
 */
@Injectable()
export class FailureThrottle {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Seconds until the longest lock among `keys` ends; 0 when none is locked. */
  async lockedFor(keys: string[]): Promise<number> {
    const rows = await preparedQuery<{ seconds: number }>(
      this.db,
      'login_attempts_locked_for',
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_attempts WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return Math.max(0, ...rows.map((r) => r.seconds));
  }

  /** Every key's count in one statement; a key with no row, or whose failures are older than the window, counts 0. */
  async read(keys: string[], windowSeconds: number): Promise<Map<string, FailureCount>> {
    // Every sign-in asks: a prepared statement (src/database/prepared-statement.ts).
    const rows = await preparedQuery<{ key: string; failures: number; seconds: number }>(
      this.db,
      'login_attempts_read',
      `SELECT key,
              CASE WHEN last_failure_at >= now() - make_interval(secs => $2) THEN failures ELSE 0 END AS failures,
              greatest(0, coalesce(ceil(extract(epoch FROM locked_until - now())), 0))::int AS seconds
         FROM login_attempts WHERE key = ANY($1)`,
      [keys, windowSeconds],
    );
    const counts = new Map<string, FailureCount>(
      keys.map((k) => [k, { failures: 0, lockedForSeconds: 0, stored: false }]),
    );
    for (const r of rows) counts.set(r.key, { failures: r.failures, lockedForSeconds: r.seconds, stored: true });
    return counts;
  }

  /**
   * One statement per step, so concurrent failures on several replicas all count. A policy
   * without a lock (a slow-down) only counts.
   */
  async recordFailure(key: string, p: CountingPolicy): Promise<void> {
    await this.db.query(
      `INSERT INTO login_attempts AS a (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN a.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         last_failure_at = now()`,
      [key, p.windowSeconds],
    );
    if (isThrottlePolicy(p)) await this.lockIfDue(key, p);
  }

  /**
   * Counts an attempt before its secret is checked, in one statement, so that concurrent
   * attempts cannot all pass a check made before any of them was counted. Returns false, counting
   * nothing, while the key is locked. Past the threshold, the attempt locks the key while it is
   * checked, so of a burst at most one more goes through. A right secret then clear()s the key,
   * a wrong one lockIfDue()s it.
   */
  async takeAttempt(key: string, p: ThrottlePolicy): Promise<boolean> {
    const rows = await preparedQuery<{ failures: number }>(
      this.db,
      'login_attempts_take',
      `INSERT INTO login_attempts AS a (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN a.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         last_failure_at = now(),
         locked_until = CASE
           WHEN a.last_failure_at >= now() - make_interval(secs => $2) AND a.failures + 1 > $3
           THEN now() + make_interval(secs => $4) ELSE a.locked_until END
       WHERE a.locked_until IS NULL OR a.locked_until <= now()
       RETURNING failures`,
      [key, p.windowSeconds, p.threshold, p.maxLockSeconds],
    );
    return rows.length > 0;
  }

  /**
   * An attempt taken (takeAttempt) that turned out right, where a right secret must not clear
   * the earlier failures: it no longer counts, and any lock stays.
   */
  async giveBack(key: string): Promise<void> {
    await this.db.query('UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE key = $1', [key]);
  }

  /** Locks `key` for the failures it has counted, as the policy says (from the threshold on). */
  async lockIfDue(key: string, p: ThrottlePolicy): Promise<void> {
    await this.db.query(
      `UPDATE login_attempts SET locked_until = now() + make_interval(secs => LEAST($2::float8, $3::float8 * power(2, failures - $4)))
        WHERE key = $1 AND failures >= $4`,
      [key, p.maxLockSeconds, p.baseLockSeconds, p.threshold],
    );
  }

  async clear(key: string): Promise<void> {
    await preparedQuery(this.db, 'login_attempts_clear', 'DELETE FROM login_attempts WHERE key = $1', [key]);
  }
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts).
 * Failure counters older than the window no longer count (login-throttle.ts restarts them).
 */
export const LOGIN_ATTEMPTS_PURGE: PurgeRule = {
  table: 'login_attempts',
  expired: `t.last_failure_at < now() - interval '${LOGIN_WINDOW_SECONDS} seconds'
      AND (t.locked_until IS NULL OR t.locked_until < now())`,
};
