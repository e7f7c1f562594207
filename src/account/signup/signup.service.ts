import { Injectable, Logger } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { passwordProblems } from '../../users/password-policy';
import type { User } from '../../users/user.entity';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { isAcceptableEmail } from '../../users/user-input.validation';
import { UsersService } from '../../users/users.service';
import { EmailVerificationService } from '../email-verification/email-verification.service';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import { SIGNUP_DOMAIN_PROBLEM, signupDomainAllows } from './signup-email-domains';

export interface SignupForm {
  username: string;
  email: string;
  name?: string;
  password: string;
  confirmation: string;
  /** The page's language, kept as the new user's locale. */
  locale?: string;
}

export type SignupOutcome =
  | { created: true; user: User; mustVerify: boolean; verificationSent: boolean }
  | { created: false; problems: string[] };

/**
 * Self-registration (issue #18): an account from a username, an address and a password under the
 * policy, when the operator allows it (account settings), from allowed email domains only. The
 * address is unverified until its link is followed; whether the new user may sign in before is
 * the operator's choice (signup_verification).
 */
@Injectable()
export class SignupService {
  private readonly logger = new Logger('Signup');

  constructor(
    private readonly users: UsersService,
    private readonly settings: AccountSettingsService,
    private readonly verification: EmailVerificationService,
    private readonly audit: AuditService,
  ) {}

  async enabled(): Promise<boolean> {
    return (await this.settings.get()).signupEnabled;
  }

  async register(form: SignupForm, by: AuditActor): Promise<SignupOutcome> {
    const settings = await this.settings.get();
    const username = form.username.trim();
    const email = form.email.trim();
    const problems: string[] = [];
    if (username.length < 2 || username.length > 64 || /[\s@]/.test(username))
      problems.push('Choose a username of 2 to 64 characters, without spaces or @.');
    if (!isAcceptableEmail(email)) problems.push('Enter a valid email address.');
    else if (!signupDomainAllows(email, settings.signupEmailDomains)) problems.push(SIGNUP_DOMAIN_PROBLEM);
    problems.push(...passwordProblems(form.password, settings.passwordMinLength, { username, email }));
    if (form.password !== form.confirmation) problems.push('The two passwords differ.');
    if (problems.length > 0) return { created: false, problems };

    let user: User;
    try {
      user = await this.users.create({
        username,
        email,
        name: form.name?.trim() || undefined,
        password: form.password,
        emailVerified: false,
        locale: form.locale,
        selfRegistered: true,
      });
    } catch (error) {
      if (error instanceof UsersError && error.code === UsersErrorCode.UsernameTaken)
        return { created: false, problems: ['That username is taken: choose another.'] };
      if (error instanceof UsersError && error.code === UsersErrorCode.EmailTaken)
        return {
          created: false,
          problems: ['An account with this address exists: sign in, or reset its password.'],
        };
      if (error instanceof UsersError && error.code === UsersErrorCode.InvalidUser)
        return { created: false, problems: ['Check the username, the address and the name.'] };
      throw error;
    }
    await this.audit.record({
      ...by,
      actor: `user:${user.id}`,
      type: AuditEventType.SignedUp,
      subject: user.id,
      details: { username, email },
    });
    const verificationSent = await this.sendVerification(user, by);
    return { created: true, user, mustVerify: settings.signupVerification === 'required', verificationSent };
  }

  /** Whether a self-registered user must still verify the address before signing in. */
  async mustVerifyBeforeSignIn(user: Pick<User, 'selfRegistered' | 'emailVerified'>): Promise<boolean> {
    if (!user.selfRegistered || user.emailVerified) return false;
    return (await this.settings.get()).signupVerification === 'required';
  }

  private async sendVerification(user: User, by: AuditActor): Promise<boolean> {
    if (!this.verification.available) return false;
    try {
      await this.verification.send(user, by);
      return true;
    } catch (error) {
      this.logger.warn(`the verification link for a new account was not queued: ${(error as Error).message}`);
      return false;
    }
  }
}
