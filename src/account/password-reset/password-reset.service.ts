import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { SessionService } from '../../interaction/session/session.service';
import { AccountConfig } from '../../config/account.config';
import { AppConfig } from '../../config/app-config';
import { MailService } from '../../mail/mail.service';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import { FailureThrottle } from '../../users/failure-throttle';
import { normalisedLogin } from '../../users/login-throttle';
import { afterTheAnswer, linkRequestKey, type AnswerSent } from '../tokens/link-request-key';
import { passwordProblems } from '../../users/password-policy';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { RESET_PASSWORD_PATH } from '../account-paths';
import { PasswordChangedNotice } from '../password-changed-notice';
import { LINKS_A_NEW_PASSWORD_RETIRES } from '../tokens/user-action-token.entity';
import { UserActionTokens } from '../tokens/user-action-tokens.service';

/** About 15 minutes, as the reset link says. */
export const RESET_LINK_SECONDS = 15 * 60;
/** Per account and per address, within RESET_WINDOW_SECONDS: more requests send nothing. */
const RESET_MAILS_PER_ACCOUNT = 3;
const RESET_REQUESTS_PER_ADDRESS = 10;
const RESET_WINDOW_SECONDS = 15 * 60;
export const PASSWORD_RESET_REASON = 'password_reset';

export type ResetOutcome =
  { done: true } | { done: false; expired: true } | { done: false; expired: false; problems: string[] };

/**
 * "Forgot password?": a single-use link by mail, then a new password under the same policy as
 * everywhere else. The request answers the same whether or not the account exists, and nothing
 * else about it differs but the mail.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly tokens: UserActionTokens,
    private readonly mail: MailService,
    private readonly throttle: FailureThrottle,
    private readonly sessions: SessionService,
    private readonly grants: AuthorizationGrantService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly settings: AccountSettingsService,
    private readonly accountConfig: AccountConfig,
    private readonly notice: PasswordChangedNotice,
  ) {}

  get available(): boolean {
    return this.mail.enabled;
  }

  /** Mails a reset link when the login names an enabled account with an address, within the limits. */
  async request(login: string, by: AuditActor, answerSent: AnswerSent, returnTo?: string): Promise<void> {
    const ipKey = `reset:ip:${by.ip ?? 'unknown'}`;
    const normalised = normalisedLogin(login);
    const user = await this.users.findByLogin(normalised);
    const accountKey = linkRequestKey('reset', user, normalised);
    const counts = await this.throttle.read([ipKey, accountKey], RESET_WINDOW_SECONDS);
    // The same statements whatever the login names and however often it was asked: only what
    // follows the answer differs.
    await this.throttle.recordFailure(ipKey, { windowSeconds: RESET_WINDOW_SECONDS });
    await this.throttle.recordFailure(accountKey, { windowSeconds: RESET_WINDOW_SECONDS });
    if (counts.get(ipKey)!.failures >= RESET_REQUESTS_PER_ADDRESS) return;
    if (counts.get(accountKey)!.failures >= RESET_MAILS_PER_ACCOUNT) return;
    if (!user?.email || user.disabled) return;
    afterTheAnswer(
      answerSent,
      () => this.sendLinkTo(user, by, returnTo),
      (error) => this.logger.warn(`a password reset link was not queued: ${error.message}`),
    );
  }

  /** A link to the user's address, without the self-service limits: for an administrator asking for it. */
  async sendLinkTo(user: User, by: AuditActor, returnTo?: string): Promise<void> {
    if (!user.email) throw new Error('the user has no email address');
    await this.db.transaction(async (manager) => {
      const token = await this.tokens.issue(user.id, 'password_reset', RESET_LINK_SECONDS, { manager });
      const link = new URL(`${this.config.issuer}${RESET_PASSWORD_PATH}`);
      link.searchParams.set('token', token);
      if (returnTo) link.searchParams.set('return_to', returnTo);
      await this.mail.send(
        {
          to: user.email!,
          template: 'password-reset',
          locale: user.locale ?? undefined,
          data: { name: user.name ?? user.username, link: link.href, minutes: RESET_LINK_SECONDS / 60 },
        },
        { manager },
      );
    });
    await this.audit.record({ ...by, type: AuditEventType.PasswordResetRequested, subject: user.id });
  }

  /** Whether a link still works: the form is shown only for one that does. */
  async isLive(token: unknown): Promise<boolean> {
    return (await this.tokens.find(token, 'password_reset')) !== undefined;
  }

  /** Sets the new password and uses the link up; the link stays usable while the password is refused. */
  async reset(token: unknown, password: string, confirmation: string, by: AuditActor): Promise<ResetOutcome> {
    const found = await this.tokens.find(token, 'password_reset');
    const user = found && (await this.users.findById(found.userId));
    if (!found || !user || user.disabled) return { done: false, expired: true };
    const problems = passwordProblems(password, (await this.settings.get()).passwordMinLength, user);
    if (password !== confirmation) problems.push('The two passwords differ.');
    if (problems.length > 0) return { done: false, expired: false, problems };

    const used = await this.db.transaction((manager) => this.tokens.consume(token, 'password_reset', manager));
    if (!used) return { done: false, expired: true };
    await this.users.setPassword(user.id, password);
    const signedOut = this.accountConfig.passwordResetSignsOut ? await this.signOutEverywhere(user) : undefined;
    const linksRetired = await this.tokens.retire(user.id, LINKS_A_NEW_PASSWORD_RETIRES);
    await this.audit.record({
      ...by,
      actor: `user:${user.id}`,
      type: AuditEventType.PasswordReset,
      subject: user.id,
      details: { ...signedOut, links_retired: linksRetired },
    });
    await this.notice.send(user, this.accountConfig.passwordResetSignsOut);
    return { done: true };
  }

  private async signOutEverywhere(user: User): Promise<{ sessions_ended: number; grants_revoked: number }> {
    return {
      sessions_ended: await this.sessions.endOfUser(user.id),
      grants_revoked: await this.grants.revokeOfUser(user.id, PASSWORD_RESET_REASON),
    };
  }
}
