import { Body, Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AppConfig } from '../../config/app-config';
import { SessionService } from '../../interaction/session/session.service';
import { AccountSecuritySession } from '../account/account-security-session';
import { SECURITY_PAGE } from '../account/security-page.controller';
import { securityReturnPath } from '../account/security-return';
import { PasskeyStore } from './passkey.store';
import { PASSKEY_AMR } from './passkey-amr';
import type { PasskeyProblem } from './passkey-problems';
import { PasskeyRegistration, passkeyName } from './passkey-registration';

type Form = Record<string, unknown>;

/**
 * The Passkeys section's forms (passkeys-section.ts): add, rename, remove. Each needs the
 * page's CSRF token and the signed-in user, and comes back to the page (or, after an enrolment a
 * sign-in asked for, to that sign-in's step).
 */
@ApiExcludeController()
@Controller('account/security/passkeys')
@UseGuards(CsrfGuard)
export class PasskeysController {
  constructor(
    private readonly signedIn: AccountSecuritySession,
    private readonly registration: PasskeyRegistration,
    private readonly store: PasskeyStore,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  @Post('register')
  async register(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const returnTo = securityReturnPath(form.return_to);
    const name = passkeyName(form.name);
    if (name === null) return this.back(res, 'passkey-name', returnTo);
    const first = (await this.store.countOf(current.user.id)) === 0;
    const outcome = await this.registration.register(req, current.user, form.passkey, name);
    if (!outcome.ok) return this.back(res, `passkey-${outcome.problem}`, returnTo);
    // The first passkey steps this session up at once, so a sign-in that asked for a factor to be set up goes on.
    if (first) await this.sessions.addFactor(req, res, current.session, [...PASSKEY_AMR]);
    res.redirect(303, `${this.config.issuer}${returnTo ?? `${SECURITY_PAGE}?saved=passkeys#passkeys`}`);
  }

  @Post(':id/rename')
  async rename(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() form: Form): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const name = passkeyName(form.name);
    if (name === null) return this.back(res, 'passkey-name');
    if (!(await this.store.rename(current.user.id, id, name))) return this.back(res, 'passkey-unknown');
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?saved=passkeys#passkeys`);
  }

  @Post(':id/remove')
  async remove(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, `${this.config.issuer}/account`);
    const passkey = await this.store.ofUserById(current.user.id, id);
    if (!passkey || !(await this.store.remove(current.user.id, passkey.id))) return this.back(res, 'passkey-unknown');
    await this.audit.record({
      actor: `user:${current.user.id}`,
      type: AuditEventType.FactorRemoved,
      subject: current.user.id,
      ip: req.ip ?? null,
      details: { method: 'passkey', passkey: passkey.id, name: passkey.name },
    });
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?saved=passkeys#passkeys`);
  }

  private back(res: Response, problem: PasskeyProblem, returnTo?: string): void {
    const query = new URLSearchParams({ problem, ...(returnTo ? { return_to: returnTo } : {}) });
    res.redirect(303, `${this.config.issuer}${SECURITY_PAGE}?${query}#passkeys`);
  }
}
