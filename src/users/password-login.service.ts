import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { ACCOUNT_POLICY, IP_POLICY, ThrottlePolicy, accountKey, ipKey } from './login-throttle';
import type { User } from './user.entity';
import { UsersService } from './users.service';

export type PasswordLoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/**
 * Username-or-email and password sign-in with lockout per account and per client IP, kept in
 * Postgres so it holds across replicas. Used by the login page and the password grant alike.
 */
@Injectable()
export class PasswordLoginService {
  constructor(
    private readonly users: UsersService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async authenticate(login: string, password: string, ip: string): Promise<PasswordLoginResult> {
    const keys: [string, ThrottlePolicy][] = [
      [accountKey(login), ACCOUNT_POLICY],
      [ipKey(ip), IP_POLICY],
    ];
    const locked = await this.lockedFor(keys.map(([k]) => k));
    if (locked > 0) {
      void this.audit.record({ type: AuditEventType.Lockout, actor: `ip:${ip}`, subject: keys[0][0], ip });
      return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    }

    const user = await this.users.authenticate(login, password);
    if (!user) {
      await Promise.all(keys.map(([key, policy]) => this.recordFailure(key, policy)));
      // The login as typed, never the password; unknown names are recorded the same way.
      void this.audit.record({ type: AuditEventType.LoginFailed, actor: `ip:${ip}`, subject: keys[0][0], ip });
      return { ok: false, reason: 'invalid' };
    }
    await this.db.query('DELETE FROM login_attempts WHERE key = $1', [keys[0][0]]);
    return { ok: true, user };
  }

  private async lockedFor(keys: string[]): Promise<number> {
    const rows: { seconds: number }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_attempts WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return Math.max(0, ...rows.map((r) => r.seconds));
  }

  /** One statement, so concurrent failures on several replicas all count. */
  private async recordFailure(key: string, p: ThrottlePolicy): Promise<void> {
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
}
