import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PasskeyStore } from '../factors/passkeys/passkey.store';
import { securityPageLink } from '../factors/totp/security-page-link';
import { MailService } from '../mail/mail.service';
import type { User } from '../users/user.entity';

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A notice to the account's address after its password changed (a reset, or a change on the
 * account page): its owner learns of a change they did not make. It names the account's
 * passkeys, which sign in without the password and stay through the change, so one the owner
 * does not know (planted by whoever took the account) is seen and can be removed. Never fails
 * the change.
 */
@Injectable()
export class PasswordChangedNotice {
  private readonly logger = new Logger('PasswordChangedNotice');

  constructor(
    private readonly mail: MailService,
    private readonly passkeys: PasskeyStore,
    private readonly config: AppConfig,
  ) {}

  async send(user: User, signedOutEverywhere: boolean): Promise<void> {
    if (!user.email || !this.mail.enabled) return;
    try {
      const passkeys = await this.passkeys.ofUser(user.id);
      await this.mail.send({
        to: user.email,
        template: 'password-changed',
        locale: user.locale ?? undefined,
        data: {
          name: user.name ?? user.username,
          signedOut: signedOutEverywhere,
          passkeys: passkeys.map((p) => ({ name: p.name, added: day(p.createdAt) })),
          passkeysLink: securityPageLink(this.config.issuer, 'passkeys', {}),
        },
      });
    } catch (error) {
      this.logger.warn(`the password-changed notice was not queued: ${(error as Error).message}`);
    }
  }
}
