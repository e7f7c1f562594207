import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AppConfig } from '../../config/app-config';
import { AccountSecuritySession } from '../account/account-security-session';
import { securityReturnPath } from '../account/security-return';
import { continueAfterSetUp } from '../recovery-codes/recovery-codes-page';
import { securityPageLink } from './security-page-link';
import { TotpEnrolment } from './totp-enrolment.service';

type Form = Record<string, unknown>;
const SECTION = 'totp';

/**
 * The forms of the "Sign-in methods" page's authenticator app section
 * (views/partials/account-security/totp.hbs): set up, confirm with a first code, cancel, remove.
 */
@ApiExcludeController()
@Controller('account/security/totp')
@UseGuards(CsrfGuard)
export class TotpEnrolmentController {
  constructor(
    private readonly signedIn: AccountSecuritySession,
    private readonly enrolment: TotpEnrolment,
    private readonly config: AppConfig,
  ) {}

  @Post('setup')
  @HttpCode(200)
  async setup(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return this.signIn(res);
    const outcome = await this.enrolment.start(req, current, form.proof);
    this.back(res, form, outcome === 'started' ? {} : { problem: outcome });
  }

  @Post('confirm')
  @HttpCode(200)
  async confirm(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return this.signIn(res);
    const outcome = await this.enrolment.confirm(req, res, current, form.code);
    if (!outcome.ok) return this.back(res, form, { problem: outcome.problem });
    const returnTo = securityReturnPath(form.return_to);
    const continueTo = returnTo
      ? `${this.config.issuer}${returnTo}`
      : securityPageLink(this.config.issuer, SECTION, { saved: SECTION });
    continueAfterSetUp(res, current.user, outcome.recoveryCodes, {
      continueTo,
      signingIn: returnTo !== undefined,
      setUp: 'app',
    });
  }

  @Post('cancel')
  @HttpCode(200)
  async cancel(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return this.signIn(res);
    await this.enrolment.cancel(current.user.id, current.session.id);
    this.back(res, form, {});
  }

  @Post('remove')
  @HttpCode(200)
  async remove(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return this.signIn(res);
    const outcome = await this.enrolment.remove(req, current.user, form.proof);
    if (outcome === 'removed') return this.back(res, form, { saved: 'totp-removed' });
    this.back(res, form, outcome === 'none' ? {} : { problem: outcome });
  }

  private back(res: Response, form: Form, outcome: { saved?: string; problem?: string }): void {
    const returnTo = securityReturnPath(form.return_to);
    res.redirect(303, securityPageLink(this.config.issuer, SECTION, { ...outcome, returnTo }));
  }

  /** Signed out meanwhile: the account page asks to sign in. */
  private signIn(res: Response): void {
    res.redirect(303, `${this.config.issuer}/account`);
  }
}
