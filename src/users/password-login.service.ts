import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { FailureThrottle } from './failure-throttle';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  KNOWN_BROWSER_POLICY,
  PAIR_POLICY,
  accountKey,
  accountOf,
  attemptSubject,
  ipKey,
  knownBrowserKey,
  pairKey,
  slowDownMs,
} from './login-throttle';
import { AccountSettingsService } from './settings/account-settings.service';
import type { User } from './user.entity';
import { UsersService } from './users.service';

export type PasswordLoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  /** The right password, for a self-registered account whose address is not verified yet (account settings). */
  | { ok: false; reason: 'unverified' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** The password of a signed-in user, asked again: right, wrong, or not checked (locked). */
export type PasswordConfirmation =
  { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** A browser that signed in to `userId` before (its signed cookie, see known-browser-cookie.ts). */
export interface KnownBrowser {
  userId: string;
  browserId: string;
}

/**
 * Username-or-email and password sign-in, for the login page, the device and console sign-in
 * and the password grant alike. Counters live in Postgres so every replica applies them
 * (login-throttle.ts has the rules):
 * - the client address, and the account from that address: refused (429) past their limits;
 * - the account from anywhere: only slowed down, by a bounded wait before the password is
 *   checked, whatever the password, so a guesser elsewhere can never lock its owner out;
 * - a browser that signed in to the account before: exempt from all three, counted on its own.
 * Unknown logins go through exactly the same steps, counted by their normalised spelling.
 */
@Injectable()
export class PasswordLoginService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: FailureThrottle,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly settings: AccountSettingsService,
  ) {}

  async authenticate(
    login: string,
    password: string,
    ip: string,
    knownBrowsers: readonly KnownBrowser[] = [],
  ): Promise<PasswordLoginResult> {
    const found = await this.users.findByLogin(login);
    const known = found && knownBrowsers.find((b) => b.userId === found.id);
    if (known && (await this.throttle.lockedFor([knownBrowserKey(known.browserId)])) === 0)
      return this.fromKnownBrowser(found, password, ip, known, login);

    const counted = await this.counted(found, login, password, ip);
    return counted.ok ? this.signedIn(counted.user) : counted;
  }

  /**
   * A signed-in user's password asked again before a change of their account (its password,
   * address, deletion): counted and locked as sign-ins are, against the account from this
   * address, so a stolen session cannot be used to guess it.
   */
  async confirm(user: User, password: string, ip: string): Promise<PasswordConfirmation> {
    const counted = await this.counted(user, user.username, password, ip);
    return counted.ok ? { ok: true } : counted;
  }

  /** The password checked behind the address's and the account's counters. */
  private async counted(
    found: User | null,
    login: string,
    password: string,
    ip: string,
  ): Promise<{ ok: true; user: User } | (PasswordConfirmation & { ok: false })> {
    const account = accountOf(found?.id ?? null, login);
    const keys = { ip: ipKey(ip), pair: pairKey(account, ip), account: accountKey(account) };
    const counts = await this.throttle.read(Object.values(keys), ACCOUNT_POLICY.windowSeconds);
    const locked = Math.max(counts.get(keys.ip)!.lockedForSeconds, counts.get(keys.pair)!.lockedForSeconds);
    if (locked > 0) {
      this.recordLockout(login, ip);
      return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    }
    // Before the password is checked, right or wrong: a guesser learns nothing by not waiting.
    // Nothing is held meanwhile (no connection, no argon2 slot), only this request.
    const delay = slowDownMs(counts.get(keys.account)!.failures, ACCOUNT_POLICY);
    if (delay > 0) await sleep(delay);

    const user = await this.users.authenticateFound(found, password);
    if (!user) {
      await Promise.all([
        this.throttle.recordFailure(keys.ip, IP_POLICY),
        this.throttle.recordFailure(keys.pair, PAIR_POLICY),
        this.throttle.recordFailure(keys.account, ACCOUNT_POLICY),
      ]);
      return this.failed(login, ip);
    }
    // The account's own count runs out with its window: one success must not hand a guesser elsewhere a fresh start.
    // A pair that never failed has nothing to clear (most sign-ins): no statement.
    if (counts.get(keys.pair)!.stored) await this.throttle.clear(keys.pair);
    return { ok: true, user };
  }

  private async fromKnownBrowser(
    found: User,
    password: string,
    ip: string,
    known: KnownBrowser,
    login: string,
  ): Promise<PasswordLoginResult> {
    const key = knownBrowserKey(known.browserId);
    const user = await this.users.authenticateFound(found, password);
    if (!user) {
      await this.throttle.recordFailure(key, KNOWN_BROWSER_POLICY);
      return this.failed(login, ip);
    }
    await this.throttle.clear(key);
    return this.signedIn(user);
  }

  /** The operator may ask self-registered users to verify their address before they sign in. */
  private async signedIn(user: User): Promise<PasswordLoginResult> {
    if (user.selfRegistered && !user.emailVerified && (await this.settings.get()).signupVerification === 'required')
      return { ok: false, reason: 'unverified' };
    return { ok: true, user };
  }

  private failed(login: string, ip: string): { ok: false; reason: 'invalid' } {
    // The login as typed, never the password; unknown names are recorded the same way.
    void this.audit.record({ type: AuditEventType.LoginFailed, actor: `ip:${ip}`, subject: attemptSubject(login), ip });
    this.metrics.loginFailure('invalid');
    return { ok: false, reason: 'invalid' };
  }

  private recordLockout(login: string, ip: string): void {
    void this.audit.record({ type: AuditEventType.Lockout, actor: `ip:${ip}`, subject: attemptSubject(login), ip });
    this.metrics.loginFailure('locked');
  }
}
