import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { BrandingConfig } from '../../config/branding.config';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { User } from '../../users/user.entity';
import type { SecuritySection } from '../account/security-section';
import { SecuritySections } from '../account/security-sections';
import { groupedSecret, totpKeyUri } from './totp-code';
import { TotpFactors } from './totp-factors.service';
import { totpQrCode } from './totp-qr-code';

const day = (at: Date) => at.toISOString().slice(0, 10);
const minute = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

/**
 * "Authenticator app" on the "Sign-in methods" page: set one up (the current password first,
 * then the QR code and key, shown until the first code proves the app has them), or remove it.
 */
@Injectable()
export class TotpSection implements SecuritySection, OnModuleInit {
  readonly name = 'totp';

  constructor(
    private readonly sections: SecuritySections,
    private readonly factors: TotpFactors,
    private readonly branding: BrandingConfig,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async data(_req: Request, user: User, session: BrowserSession): Promise<Record<string, unknown>> {
    const enrolled = await this.factors.enrolled(user.id);
    if (enrolled)
      return {
        enrolled: true,
        since: day(enrolled.confirmedAt!),
        lastUsed: enrolled.lastUsedAt ? minute(enrolled.lastUsedAt) : undefined,
      };
    // A set-up started in another browser session is not shown here (TotpEnrolment.start).
    const setup = await this.factors.setup(user.id, session.id);
    // Setting one up asks for the password (TotpEnrolment.start), when the account has one.
    if (!setup) return { enrolled: false, askPassword: user.passwordHash !== null };
    const keyUri = totpKeyUri(setup.secret, this.branding.name, user.username);
    return { enrolled: false, setup: { secret: groupedSecret(setup.secret), qrCode: await totpQrCode(keyUri) } };
  }
}
