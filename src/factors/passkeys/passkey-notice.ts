import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MailService } from '../../mail/mail.service';
import type { User } from '../../users/user.entity';
import { securityPageLink } from '../totp/security-page-link';

/**
 * A notice to the account's address when a passkey is added or removed: a passkey signs in
 * without the password and outlives a password reset, so one planted by someone else must not
 * go unseen. Never fails the change.
 */
@Injectable()
export class PasskeyNotice {
  private readonly logger = new Logger('PasskeyNotice');

  constructor(
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  async send(user: User, change: 'added' | 'removed', passkeyName: string): Promise<void> {
    if (!user.email || !this.mail.enabled) return;
    try {
      await this.mail.send({
        to: user.email,
        template: `passkey-${change}`,
        locale: user.locale ?? undefined,
        data: {
          name: user.name ?? user.username,
          passkey: passkeyName,
          link: securityPageLink(this.config.issuer, 'passkeys', {}),
        },
      });
    } catch (error) {
      this.logger.warn(`the passkey-${change} notice was not queued: ${(error as Error).message}`);
    }
  }
}
