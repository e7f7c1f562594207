import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { EmailVerificationService } from '../email-verification/email-verification.service';
import { LinkedIdentities } from '../../federation/linking/linked-identities';
import { ClientsService } from '../../clients/clients.service';
import { ConsentService } from '../../interaction/consent/consent.service';
import { SessionService } from '../../interaction/session/session.service';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import { passwordProblems } from '../../users/password-policy';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import type { User } from '../../users/user.entity';
import { UsersError } from '../../users/users.error';
import { isAcceptableEmail } from '../../users/user-input.validation';
import { UsersService } from '../../users/users.service';
import { PasswordLoginService } from '../../users/password-login.service';
import { PasswordChangedNotice } from '../password-changed-notice';
import { SIGNUP_DOMAIN_PROBLEM, signupDomainAllows } from '../signup/signup-email-domains';
import { LINKS_A_NEW_PASSWORD_RETIRES } from '../tokens/user-action-token.entity';
import { UserActionTokens } from '../tokens/user-action-tokens.service';

const LIST_LIMIT = 50;
export const USER_REVOCATION_REASON = 'user';
export const PASSWORD_CHANGE_REASON = 'password_changed';
const WRONG_CURRENT_PASSWORD = 'The current password is not right.';
const TOO_MANY_WRONG_PASSWORDS = 'Too many wrong passwords: wait a few minutes and try again.';

export interface ProfileChange {
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  locale?: string | null;
}

/** What the account page shows and changes, each change on the user's own account only, audited. */
@Injectable()
export class AccountPageService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly consents: ConsentService,
    private readonly grants: AuthorizationGrantService,
    private readonly clients: ClientsService,
    private readonly settings: AccountSettingsService,
    private readonly audit: AuditService,
    private readonly verification: EmailVerificationService,
    private readonly identities: LinkedIdentities,
    private readonly passwords: PasswordLoginService,
    private readonly notice: PasswordChangedNotice,
    private readonly tokens: UserActionTokens,
  ) {}

  async overview(user: User, currentSessionId: string) {
    const [sessions, consents, events, identities] = await Promise.all([
      this.sessions.ofUser(user.id, LIST_LIMIT),
      this.consents.ofUser(user.id, LIST_LIMIT),
      this.audit.list({ subject: user.id, limit: 20 }),
      this.identities.ofUser(user.id),
    ]);
    const names = new Map<string, string>();
    for (const c of consents)
      names.set(c.clientId, (await this.clients.findById(c.clientId))?.clientName ?? c.clientId);
    return {
      sessions: sessions.filter((s) => s.active).map((s) => ({ ...s, current: s.id === currentSessionId })),
      applications: consents.map((c) => ({ ...c, clientName: names.get(c.clientId)! })),
      events: events.events.map((e) => ({ type: e.type, occurredAt: e.occurredAt, ip: e.ip })),
      identities,
      selfDeletion: (await this.settings.get()).selfDeletionEnabled,
    };
  }

  /** Null when saved; else what is wrong, in a sentence. */
  async updateProfile(user: User, change: ProfileChange, by: AuditActor): Promise<string | null> {
    try {
      await this.users.update(user.id, change);
    } catch (error) {
      if (error instanceof UsersError) return 'Check the name and the language.';
      throw error;
    }
    await this.record(user, AuditEventType.AccountProfileUpdated, by, { fields: Object.keys(change) });
    return null;
  }

  /**
   * The current password proves it is the user at the keyboard (a recent sign-in is not enough).
   * Changed, it signs the user out everywhere but in `sessionId`, the browser that changed it
   * (other sessions, and grants made elsewhere: whoever knew the old password or held a session
   * loses it), and a notice goes to the account's address.
   */
  async changePassword(
    user: User,
    sessionId: string,
    passwords: { current: string; next: string; confirmation: string },
    by: AuditActor,
  ): Promise<string[]> {
    const wrong = await this.currentPasswordProblem(user, passwords.current, by);
    if (wrong) return [wrong];
    const problems = passwordProblems(passwords.next, (await this.settings.get()).passwordMinLength, user);
    if (passwords.next !== passwords.confirmation) problems.push('The two passwords differ.');
    if (problems.length > 0) return problems;
    await this.users.setPassword(user.id, passwords.next);
    const sessionsEnded = await this.sessions.endOfUserExcept(user.id, sessionId);
    const grantsRevoked = await this.grants.revokeOfUserExceptSession(user.id, sessionId, PASSWORD_CHANGE_REASON);
    const linksRetired = await this.tokens.retire(user.id, LINKS_A_NEW_PASSWORD_RETIRES);
    await this.record(user, AuditEventType.AccountPasswordChanged, by, {
      sessions_ended: sessionsEnded,
      grants_revoked: grantsRevoked,
      links_retired: linksRetired,
    });
    await this.notice.send(user, false);
    return [];
  }

  /** A new address, the current password proving the person: a link goes there, a notice to the old one. */
  async changeEmail(user: User, sessionId: string, current: string, email: string, by: AuditActor): Promise<string[]> {
    const wrong = await this.currentPasswordProblem(user, current, by);
    if (wrong) return [wrong];
    if (!isAcceptableEmail(email)) return ['Enter a valid email address.'];
    // signup_email_domains binds a self-registered account for good, not only at sign-up.
    if (user.selfRegistered && !signupDomainAllows(email, (await this.settings.get()).signupEmailDomains))
      return [SIGNUP_DOMAIN_PROBLEM];
    if (email.toLowerCase() === user.email?.toLowerCase()) return ['This is your address already.'];
    if (!this.verification.available) return ['Changing the address needs mail, which is off on this server.'];
    if (await this.users.findByEmail(email)) return ['An account with this address exists.'];
    if (!(await this.verification.sendToNewAddress(user, sessionId, email, by)))
      return ['Your account changed meanwhile: reload the page and try again.'];
    return [];
  }

  async endSession(user: User, sessionId: string, by: AuditActor): Promise<void> {
    if ((await this.sessions.endOfUser(user.id, sessionId)) > 0)
      await this.record(user, AuditEventType.AccountSessionEnded, by, { session_id: sessionId });
  }

  /** Forgets the consent and revokes the application's grants: it loses access now. */
  async revokeApplication(user: User, clientId: string, by: AuditActor): Promise<void> {
    const forgotten = await this.consents.forget(user.id, clientId);
    const revoked = await this.grants.revokeOfUserForClient(user.id, clientId, USER_REVOCATION_REASON);
    if (forgotten + revoked > 0)
      await this.record(user, AuditEventType.ConsentRevoked, by, { client_id: clientId, grants_revoked: revoked });
  }

  /**
   * Unlinks an upstream identity, unless it is the only way left to sign in (no password); with
   * the current password when the account has one, as every other change to how it signs in: a
   * stolen session alone cannot take a way of signing in from its owner.
   */
  async unlinkIdentity(user: User, providerId: string, current: string, by: AuditActor): Promise<string | null> {
    const linked = await this.identities.ofUser(user.id);
    if (user.passwordHash === null && linked.length <= 1)
      return 'Set a password first: this is the only way you sign in.';
    if (user.passwordHash !== null) {
      const wrong = await this.currentPasswordProblem(user, current, by);
      if (wrong) return wrong;
    }
    if (await this.identities.unlink(user.id, providerId))
      await this.record(user, AuditEventType.IdentityUnlinked, by, { provider_id: providerId });
    return null;
  }

  /** When the operator allows it, with the current password: the account and all it holds go. */
  async deleteAccount(user: User, current: string, confirmed: boolean, by: AuditActor): Promise<string | null> {
    if (!(await this.settings.get()).selfDeletionEnabled) return 'Deleting your account is not offered here.';
    if (!confirmed) return 'Tick the box to confirm.';
    const wrong = await this.currentPasswordProblem(user, current, by);
    if (wrong) return wrong;
    await this.users.delete(user.id);
    await this.record(user, AuditEventType.AccountDeleted, by, { username: user.username });
    return null;
  }

  /** Everything the server holds about the user, as JSON (the user's right of access). */
  async export(user: User) {
    const [sessions, consents, events, identities] = await Promise.all([
      this.sessions.ofUser(user.id, 1000),
      this.consents.ofUser(user.id, 1000),
      this.audit.list({ subject: user.id, limit: 200 }),
      this.identities.ofUser(user.id),
    ]);
    const { passwordHash: _hash, ...profile } = user;
    return {
      exported_at: new Date().toISOString(),
      user: profile,
      sessions,
      consents,
      linked_identities: identities,
      events: events.events,
    };
  }

  /** Null when `current` is the user's password; counted as a sign-in failure when it is not. */
  private async currentPasswordProblem(user: User, current: string, by: AuditActor): Promise<string | null> {
    const confirmation = await this.passwords.confirm(user, current, by.ip ?? 'unknown');
    if (confirmation.ok) return null;
    return confirmation.reason === 'locked' ? TOO_MANY_WRONG_PASSWORDS : WRONG_CURRENT_PASSWORD;
  }

  private record(user: User, type: string, by: AuditActor, details: Record<string, unknown> = {}) {
    return this.audit.record({ ...by, actor: `user:${user.id}`, type, subject: user.id, details });
  }
}
