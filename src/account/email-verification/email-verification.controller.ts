import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { issueCsrfToken } from '../../common/http/csrf';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AppConfig } from '../../config/app-config';
import { actorOf } from '../account-actor';
import { RESEND_VERIFICATION_PATH, VERIFY_EMAIL_PATH } from '../account-paths';
import { answerSentOf } from '../tokens/link-request-key';
import { EmailVerificationService } from './email-verification.service';

/** The page a verification link opens: the address, and a button that confirms it (views/account/verify-email*.hbs). */
@ApiExcludeController()
@Controller()
export class EmailVerificationController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly config: AppConfig,
  ) {}

  @Get(VERIFY_EMAIL_PATH.slice(1))
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    this.assertAvailable();
    const email = await this.verification.pendingAddress(token);
    if (!email) return this.renderExpired(res);
    res.render('account/verify-email', {
      title: 'Confirm your email address',
      email,
      token,
      csrf: issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies }),
    });
  }

  @Post(VERIFY_EMAIL_PATH.slice(1))
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Header('Cache-Control', 'no-store')
  async confirm(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    this.assertAvailable();
    const outcome = await this.verification.confirm(form.token, actorOf(req));
    if (!outcome.verified) return this.renderExpired(res);
    res.render('account/email-verified', { title: 'Email address confirmed', email: outcome.email });
  }

  @Get(RESEND_VERIFICATION_PATH.slice(1))
  @Header('Cache-Control', 'no-store')
  showResend(@Req() req: Request, @Res() res: Response): void {
    this.assertAvailable();
    this.renderResend(req, res);
  }

  @Post(RESEND_VERIFICATION_PATH.slice(1))
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Header('Cache-Control', 'no-store')
  async resend(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    this.assertAvailable();
    const login = typeof form.login === 'string' && form.login.length <= 320 ? form.login.trim() : '';
    if (!login) return this.renderResend(req, res, 'Enter your username or email address.', 400);
    await this.verification.resend(login, actorOf(req), answerSentOf(res));
    res.render('account/verification-resent', { title: 'Check your email' });
  }

  private renderResend(req: Request, res: Response, error?: string, status = 200): void {
    res.status(status).render('account/resend-verification', {
      title: 'Confirm your email address',
      csrf: issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies }),
      error,
    });
  }

  private assertAvailable(): void {
    if (!this.verification.available) throw new NotFoundException();
  }

  private renderExpired(res: Response): void {
    res.status(400).render('account/verification-link-expired', { title: 'This link no longer works' });
  }
}
