import { Injectable } from '@nestjs/common';
import { normalisedLogin } from '../../users/login-throttle';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { MailService } from '../../mail/mail.service';
import type { User } from '../../users/user.entity';
import { FailureThrottle } from '../../users/failure-throttle';
import { UsersError } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import { SessionService } from '../../interaction/session/session.service';
import { VERIFY_EMAIL_PATH } from '../account-paths';
import { afterTheAnswer, linkRequestKey, type AnswerSent } from '../tokens/link-request-key';
import type { UserActionToken } from '../tokens/user-action-token.entity';
import { UserActionTokens } from '../tokens/user-action-tokens.service';

/** A day: long enough to find the mail the next morning. */
export const VERIFICATION_LINK_SECONDS = 24 * 60 * 60;
const RESEND_WINDOW_SECONDS = 15 * 60;

export type VerificationOutcome = { verified: true; email: string } | { verified: false };

/**
 * Proves a user receives mail at their address: a single-use link to the address itself,
 * confirmed with a button (not by opening the link: a mail scanner opening links must not verify
 * an address someone else typed in). `email_verified` turns true only if the address is still
 * the one the link was sent to.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly tokens: UserActionTokens,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly throttle: FailureThrottle,
    private readonly sessions: SessionService,
  ) {}

  get available(): boolean {
    return this.mail.enabled;
  }

  /** Queues the link to the user's current address; only the newest link works. */
  async send(user: User, by: AuditActor): Promise<string> {
    if (!user.email) throw new Error('the user has no email address');
    const email = user.email;
    await this.db.transaction(async (manager) => {
      const token = await this.tokens.issue(user.id, 'email_verification', VERIFICATION_LINK_SECONDS, {
        email,
        manager,
      });
      const link = new URL(`${this.config.issuer}${VERIFY_EMAIL_PATH}`);
      link.searchParams.set('token', token);
      await this.mail.send(
        {
          to: email,
          template: 'verify-email',
          locale: user.locale ?? undefined,
          // No name: the address is not proven, and the name may be a stranger's text (a sign-up's).
          data: { link: link.href, email, hours: VERIFICATION_LINK_SECONDS / 3600 },
        },
        { manager },
      );
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.EmailVerificationSent,
      subject: user.id,
      details: { email },
    });
    return email;
  }

  /**
   * The account page's address change: a link to the new address (which becomes the account's,
   * verified, once followed while the account still has the address it was asked from) and a
   * notice to the old one, whose owner learns of a change they did not ask for. False, with
   * nothing sent, when the account changed since the request was checked (disabled, its password
   * or address changed, or this session ended): the rows read here stay locked until the link is
   * written, so an administrator's change that retires links waits for it and then retires it.
   */
  async sendToNewAddress(user: User, sessionId: string, email: string, by: AuditActor): Promise<boolean> {
    const sent = await this.db.transaction(async (manager) => {
      const unchanged =
        (await this.users.holdUnchanged(user, manager)) && (await this.sessions.holdOpen(sessionId, manager));
      if (!unchanged) return false;
      const token = await this.tokens.issue(user.id, 'email_change', VERIFICATION_LINK_SECONDS, {
        email,
        fromEmail: user.email,
        manager,
      });
      const link = new URL(`${this.config.issuer}${VERIFY_EMAIL_PATH}`);
      link.searchParams.set('token', token);
      const name = user.name ?? user.username;
      const locale = user.locale ?? undefined;
      await this.mail.send(
        {
          to: email,
          template: 'verify-email',
          locale,
          data: { link: link.href, email, hours: VERIFICATION_LINK_SECONDS / 3600 },
        },
        { manager },
      );
      if (user.email)
        await this.mail.send(
          { to: user.email, template: 'email-change-notice', locale, data: { name, email } },
          { manager },
        );
      return true;
    });
    if (!sent) return false;
    await this.audit.record({
      ...by,
      actor: `user:${user.id}`,
      type: AuditEventType.EmailChangeRequested,
      subject: user.id,
      details: { email },
    });
    return true;
  }

  /**
   * "Send the link again", for someone who cannot sign in yet: the same answer whatever the login,
   * a link only to an enabled account whose address is not verified, at most 3 per account and
   * 10 per address in 15 minutes; queued after the answer, so its timing tells nothing either.
   */
  async resend(login: string, by: AuditActor, answerSent: AnswerSent): Promise<void> {
    const ipKey = `verify:ip:${by.ip ?? 'unknown'}`;
    const trimmed = login.trim();
    const user = await this.users.findByLogin(trimmed);
    const accountKey = linkRequestKey('verify', user, normalisedLogin(login));
    const counts = await this.throttle.read([ipKey, accountKey], RESEND_WINDOW_SECONDS);
    // The same statements whatever the login names and however often it was asked: only what
    // follows the answer differs.
    await this.throttle.recordFailure(ipKey, { windowSeconds: RESEND_WINDOW_SECONDS });
    await this.throttle.recordFailure(accountKey, { windowSeconds: RESEND_WINDOW_SECONDS });
    if (counts.get(ipKey)!.failures >= 10 || counts.get(accountKey)!.failures >= 3) return;
    if (!user?.email || user.emailVerified || user.disabled) return;
    afterTheAnswer(answerSent, () => this.send(user, by));
  }

  /** The address a live link would confirm, for the confirmation page; undefined when it no longer works. */
  async pendingAddress(token: unknown): Promise<string | undefined> {
    const found =
      (await this.tokens.find(token, 'email_verification')) ?? (await this.tokens.find(token, 'email_change'));
    return found?.email ?? undefined;
  }

  /**
   * The link used up and, for a change of address, the address moved, in one transaction: a
   * retirement (a new password, every session ended) that finds the link already used waits for
   * the move, so it never answers before an address it did not stop lands.
   */
  async confirm(token: unknown, by: AuditActor): Promise<VerificationOutcome> {
    let used: UserActionToken | undefined;
    try {
      used = await this.db.transaction(async (manager) => {
        const consumed =
          (await this.tokens.consume(token, 'email_verification', manager)) ??
          (await this.tokens.consume(token, 'email_change', manager));
        if (!consumed?.email) return undefined;
        if (consumed.purpose !== 'email_change') return consumed;
        const moved = await this.users.moveToVerifiedEmail(
          consumed.userId,
          consumed.email,
          { fromEmail: consumed.fromEmail, askedAt: consumed.createdAt },
          manager,
        );
        return moved ? consumed : undefined;
      });
    } catch (error) {
      if (error instanceof UsersError) return { verified: false }; // taken by another account meanwhile
      throw error;
    }
    if (!used?.email) return { verified: false };
    if (used.purpose !== 'email_change' && !(await this.stillTheAddress(used.userId, used.email)))
      return { verified: false };
    await this.audit.record({
      ...by,
      actor: `user:${used.userId}`,
      type: AuditEventType.EmailVerified,
      subject: used.userId,
      details: { email: used.email },
    });
    return { verified: true, email: used.email };
  }

  /**
   * A verification marks the address verified if it is still the account's, and not for a
   * disabled account: an administrator who disabled it is containing it.
   */
  private async stillTheAddress(userId: string, email: string): Promise<boolean> {
    const user = await this.users.findById(userId);
    return !!user && !user.disabled && (await this.users.markEmailVerified(userId, email));
  }
}
