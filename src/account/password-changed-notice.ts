import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../mail/mail.service';
import type { User } from '../users/user.entity';

/**
 * A notice to the account's address after its password changed (a reset, or a change on the
 * account page): its owner learns of a change they did not make. Never fails the change.
 */
@Injectable()
export class PasswordChangedNotice {
  private readonly logger = new Logger('PasswordChangedNotice');

  constructor(private readonly mail: MailService) {}

  async send(user: User, signedOutEverywhere: boolean): Promise<void> {
    if (!user.email || !this.mail.enabled) return;
    try {
      await this.mail.send({
        to: user.email,
        template: 'password-changed',
        locale: user.locale ?? undefined,
        data: { name: user.name ?? user.username, signedOut: signedOutEverywhere },
      });
    } catch (error) {
      this.logger.warn(`the password-changed notice was not queued: ${(error as Error).message}`);
    }
  }
}
