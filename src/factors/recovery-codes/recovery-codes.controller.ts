import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AppConfig } from '../../config/app-config';
import { AccountSecuritySession } from '../account/account-security-session';
import { securityReturnPath } from '../account/security-return';
import { securityPageLink } from '../totp/security-page-link';
import { renderRecoveryCodes } from './recovery-codes-page';
import { RecoveryCodesRenewal } from './recovery-codes-renewal';

const SECTION = 'recovery-codes';

/** The "Sign-in methods" page's recovery codes section (views/partials/account-security/recovery-codes.hbs). */
@ApiExcludeController()
@Controller('account/security/recovery-codes')
@UseGuards(CsrfGuard)
export class RecoveryCodesController {
  constructor(
    private readonly signedIn: AccountSecuritySession,
    private readonly renewal: RecoveryCodesRenewal,
    private readonly config: AppConfig,
  ) {}

  @Post('regenerate')
  @HttpCode(200)
  async regenerate(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const returnTo = securityReturnPath(form.return_to);
    const outcome = await this.renewal.renew(req, current.user.id);
    if (!outcome.ok)
      return res.redirect(303, securityPageLink(this.config.issuer, SECTION, { problem: outcome.problem, returnTo }));
    renderRecoveryCodes(res, current.user, {
      codes: outcome.codes,
      continueTo: returnTo
        ? `${this.config.issuer}${returnTo}`
        : securityPageLink(this.config.issuer, SECTION, { saved: SECTION }),
      signingIn: returnTo !== undefined,
    });
  }
}
