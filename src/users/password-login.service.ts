import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { FailureThrottle } from './failure-throttle';
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
    private readonly throttle: FailureThrottle,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
  ) {}

  async authenticate(login: string, password: string, ip: string): Promise<PasswordLoginResult> {
    const keys: [string, ThrottlePolicy][] = [
      [accountKey(login), ACCOUNT_POLICY],
      [ipKey(ip), IP_POLICY],
    ];
    const locked = await this.throttle.lockedFor(keys.map(([k]) => k));
    if (locked > 0) {
      void this.audit.record({ type: AuditEventType.Lockout, actor: `ip:${ip}`, subject: keys[0][0], ip });
      this.metrics.loginFailure('locked');
      return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    }

    const user = await this.users.authenticate(login, password);
    if (!user) {
      await Promise.all(keys.map(([key, policy]) => this.throttle.recordFailure(key, policy)));
      // The login as typed, never the password; unknown names are recorded the same way.
      void this.audit.record({ type: AuditEventType.LoginFailed, actor: `ip:${ip}`, subject: keys[0][0], ip });
      this.metrics.loginFailure('invalid');
      return { ok: false, reason: 'invalid' };
    }
    await this.throttle.clear(keys[0][0]);
    return { ok: true, user };
  }
}
