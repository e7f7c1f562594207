import { Injectable } from '@nestjs/common';
import { EmailVerificationService } from '../../account/email-verification/email-verification.service';
import { PasswordResetService } from '../../account/password-reset/password-reset.service';
import type { AuditActor } from '../../audit/audit-event-input';
import type { User } from '../../users/user.entity';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import { isPlainEmailAddress } from '../../common/text/plain-email-address';
import { AdminError, AdminErrorCode } from '../admin.error';
import type { MailSentDto } from './user-mail.dto';

/** Links an administrator mails to a user: confirm the address, or choose a new password. */
@Injectable()
export class AdminUserMailService {
  constructor(
    private readonly users: UsersService,
    private readonly verification: EmailVerificationService,
    private readonly resets: PasswordResetService,
  ) {}

  async sendVerification(id: string, by: AuditActor): Promise<MailSentDto> {
    const user = await this.addressable(id);
    if (user.emailVerified)
      throw new AdminError(AdminErrorCode.EmailAlreadyVerified, `${user.email} is verified already`);
    return { sent_to: await this.verification.send(user, by) };
  }

  async sendPasswordReset(id: string, by: AuditActor): Promise<MailSentDto> {
    const user = await this.addressable(id);
    await this.resets.sendLinkTo(user, by);
    return { sent_to: user.email! };
  }

  private async addressable(id: string): Promise<User> {
    if (!this.resets.available) throw new AdminError(AdminErrorCode.MailDisabled, 'Mail is off: set SMTP_URL');
    const user = await this.users.findById(id);
    if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `no user ${id}`);
    if (!user.email) throw new AdminError(AdminErrorCode.NoEmailAddress, `user ${id} has no email address`);
    // Stored before addresses had to be plain: the mailer would refuse it.
    if (!isPlainEmailAddress(user.email))
      throw new AdminError(
        AdminErrorCode.NoEmailAddress,
        `user ${id}'s address cannot be mailed: set a plain one first`,
      );
    return user;
  }
}
