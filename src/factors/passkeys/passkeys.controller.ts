import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { issueCsrfToken } from '../../common/http/csrf';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AppConfig } from '../../config/app-config';
import { AccountSecuritySession } from '../account/account-security-session';
import { SECURITY_PAGE } from '../account/security-page.controller';
import { securityReturnPath } from '../account/security-return';
import { continueAfterSetUp } from '../recovery-codes/recovery-codes-page';
import { PasskeyStore } from './passkey.store';
import { renderPasskeyAdd } from './passkey-add-page';
import { PasskeyEnrolment } from './passkey-enrolment';
import type { PasskeyProblem } from './passkey-problems';
import { passkeyName } from './passkey-registration';
import { PasskeyRemoval } from './passkey-removal';

type Form = Record<string, unknown>;

/**
 * The Passkeys section's forms (passkeys-section.ts): add (the proof, then the page that makes
 * the passkey), rename, remove. Each needs the page's CSRF token and the signed-in user, and
 * comes back to the page (or, after an enrolment a sign-in asked for, to that sign-in's step).
 */
@ApiExcludeController()
@Controller('account/security/passkeys')
@UseGuards(CsrfGuard)
export class PasskeysController {
  constructor(
    private readonly signedIn: AccountSecuritySession,
    private readonly enrolment: PasskeyEnrolment,
    private readonly removal: PasskeyRemoval,
    private readonly store: PasskeyStore,
    private readonly config: AppConfig,
  ) {}

  @Post('add')
  @HttpCode(200)
  async add(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const returnTo = securityReturnPath(form.return_to);
    const started = await this.enrolment.start(req, current.user, { name: form.name, proof: form.proof });
    if (!started.ok) return this.back(res, started.problem, returnTo);
    const csrf = issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies });
    renderPasskeyAdd(res, current.user, { options: started.options, name: started.name, csrf, returnTo });
  }

  @Post('register')
  @HttpCode(200)
  async register(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const returnTo = securityReturnPath(form.return_to);
    const outcome = await this.enrolment.complete(req, res, current, form.passkey, form.name);
    if (!outcome.ok) return this.back(res, outcome.problem, returnTo);
    const continueTo = `${this.config.issuer}${returnTo ?? `${SECURITY_PAGE}?saved=passkeys#passkeys`}`;
    continueAfterSetUp(res, current.user, outcome.recoveryCodes, {
      continueTo,
      signingIn: returnTo !== undefined,
      setUp: 'passkey',
    });
  }

  @Post(':id/rename')
  @HttpCode(200)
  async rename(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const name = passkeyName(form.name);
    if (name === null) return this.back(res, 'passkey-name');
    if (!(await this.store.rename(current.user.id, id, name))) return this.back(res, 'passkey-unknown');
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?saved=passkeys#passkeys`);
  }

  @Post(':id/remove')
  @HttpCode(200)
  async remove(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const outcome = await this.removal.remove(req, current.user, id, form.proof);
    if (outcome !== 'removed') return this.back(res, outcome);
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?saved=passkeys#passkeys`);
  }

  private back(res: Response, problem: PasskeyProblem, returnTo?: string): void {
    const query = new URLSearchParams({ problem, ...(returnTo ? { return_to: returnTo } : {}) });
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?${query}#passkeys`);
  }
}
