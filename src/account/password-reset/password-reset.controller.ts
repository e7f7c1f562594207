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
import { AccountConfig } from '../../config/account.config';
import { AppConfig } from '../../config/app-config';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import { actorOf } from '../account-actor';
import { FORGOT_PASSWORD_PATH, RESET_PASSWORD_PATH, safeReturnPath } from '../account-paths';
import { answerSentOf } from '../tokens/link-request-key';
import { PasswordResetService, RESET_LINK_SECONDS } from './password-reset.service';

type Form = Record<string, unknown>;
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length <= max ? value : undefined;

/** The "Forgot password?" pages: ask for a link, then choose a new password (views/account/*). */
@ApiExcludeController()
@Controller()
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly config: AppConfig,
    private readonly settings: AccountSettingsService,
    private readonly accountConfig: AccountConfig,
  ) {}

  @Get(FORGOT_PASSWORD_PATH.slice(1))
  @Header('Cache-Control', 'no-store')
  showRequest(@Req() req: Request, @Res() res: Response, @Query('return_to') returnTo: unknown): void {
    this.assertAvailable();
    this.renderRequest(req, res, safeReturnPath(returnTo));
  }

  @Post(FORGOT_PASSWORD_PATH.slice(1))
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Header('Cache-Control', 'no-store')
  async request(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    this.assertAvailable();
    const returnTo = safeReturnPath(form.return_to);
    const login = text(form.login, 320)?.trim();
    if (!login) return this.renderRequest(req, res, returnTo, 'Enter your username or email address.', 400);
    await this.resets.request(login, actorOf(req), answerSentOf(res), returnTo);
    res.render('account/forgot-password-sent', {
      title: 'Check your email',
      minutes: RESET_LINK_SECONDS / 60,
      returnTo,
    });
  }

  @Get(RESET_PASSWORD_PATH.slice(1))
  @Header('Cache-Control', 'no-store')
  async showReset(
    @Req() req: Request,
    @Res() res: Response,
    @Query('token') token: unknown,
    @Query('return_to') returnTo: unknown,
  ): Promise<void> {
    this.assertAvailable();
    const back = safeReturnPath(returnTo);
    if (!(await this.resets.isLive(token))) return this.renderExpired(res, back);
    await this.renderReset(req, res, token as string, back);
  }

  @Post(RESET_PASSWORD_PATH.slice(1))
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Header('Cache-Control', 'no-store')
  async reset(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    this.assertAvailable();
    const returnTo = safeReturnPath(form.return_to);
    const password = text(form.password, PASSWORD_MAX_LENGTH * 4);
    const confirmation = text(form.confirmation, PASSWORD_MAX_LENGTH * 4);
    if (password === undefined || confirmation === undefined)
      return await this.renderReset(req, res, form.token, returnTo, ['Enter the new password twice.'], 400);
    const outcome = await this.resets.reset(form.token, password, confirmation, actorOf(req));
    if (outcome.done)
      return res.render('account/password-reset-done', {
        title: 'Password changed',
        returnTo,
        signedOut: this.accountConfig.passwordResetSignsOut,
      });
    if (outcome.expired) return this.renderExpired(res, returnTo);
    await this.renderReset(req, res, form.token, returnTo, outcome.problems, 400);
  }

  /** Without mail (production without SMTP_URL) nobody could receive a link: the pages do not exist. */
  private assertAvailable(): void {
    if (!this.resets.available) throw new NotFoundException();
  }

  private renderRequest(req: Request, res: Response, returnTo?: string, error?: string, status = 200): void {
    res.status(status).render('account/forgot-password', {
      title: 'Forgot your password?',
      csrf: this.csrf(req, res),
      returnTo,
      error,
    });
  }

  private async renderReset(
    req: Request,
    res: Response,
    token: unknown,
    returnTo?: string,
    problems?: string[],
    status = 200,
  ): Promise<void> {
    const { passwordMinLength } = await this.settings.get();
    res.status(status).render('account/reset-password', {
      title: 'Choose a new password',
      csrf: this.csrf(req, res),
      token: typeof token === 'string' ? token : '',
      returnTo,
      problems,
      minLength: passwordMinLength,
      maxLength: PASSWORD_MAX_LENGTH,
    });
  }

  private renderExpired(res: Response, returnTo?: string): void {
    const again = returnTo ? `${FORGOT_PASSWORD_PATH}?return_to=${encodeURIComponent(returnTo)}` : FORGOT_PASSWORD_PATH;
    res.status(400).render('account/reset-link-expired', { title: 'This link no longer works', again });
  }

  private csrf(req: Request, res: Response): string {
    return issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies });
  }
}
