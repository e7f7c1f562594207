import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ThrottlePolicy } from './login-throttle';

/**
 * Failure counters with lockout and backoff (see login-throttle.ts), in login_attempts so they
 * hold across replicas. Keys name what is counted: `user:…` and `ip:…` for sign-in, and other
 * prefixes for other guessable secrets (e.g. `device:ip:…` for device user codes).
 */
@Injectable()
export class FailureThrottle {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Seconds until the longest lock among `keys` ends; 0 when none is locked. */
  async lockedFor(keys: string[]): Promise<number> {
    const rows: { seconds: number }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_attempts WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return Math.max(0, ...rows.map((r) => r.seconds));
  }

  /** One statement per step, so concurrent failures on several replicas all count. */
  async recordFailure(key: string, p: ThrottlePolicy): Promise<void> {
    await this.db.query(
      `INSERT INTO login_attempts AS a (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN a.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         last_failure_at = now()`,
      [key, p.windowSeconds],
    );
    await this.db.query(
      `UPDATE login_attempts SET locked_until = now() + make_interval(secs => LEAST($2::float8, $3::float8 * power(2, failures - $4)))
        WHERE key = $1 AND failures >= $4`,
      [key, p.maxLockSeconds, p.baseLockSeconds, p.threshold],
    );
  }

  async clear(key: string): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE key = $1', [key]);
  }
}
