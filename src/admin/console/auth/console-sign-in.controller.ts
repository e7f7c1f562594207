import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { LoginMethods } from '../../../interaction/login/login-methods';
import { CONSOLE_PATH, SIGN_IN_URL } from '../console-paths';
import { textOf, type FormBody } from '../forms/form-input';
import { ConsoleExceptionFilter } from '../http/console-exception.filter';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { ConsoleAuthenticator } from './console-authenticator';
import type { ConsoleRequest } from './console-principal';
import { type AccountSignIn, ConsoleSignInService } from './console-sign-in.service';
import { accountSignInPage, NOT_AN_ADMIN, tokenSignInPage } from './sign-in-page';

/** Signing in to the console with an admin token or an admin's own account, and signing out. */
@ApiExcludeController()
@Controller('admin/console')
@UseFilters(ConsoleExceptionFilter)
export class ConsoleSignInController {
  constructor(
    private readonly signIn: ConsoleSignInService,
    private readonly authenticator: ConsoleAuthenticator,
    private readonly view: ConsoleView,
    private readonly loginMethods: LoginMethods,
  ) {}

  @Get('sign-in')
  async page(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    if (await this.authenticator.principalOf(req)) return res.redirect(303, CONSOLE_PATH);
    this.view.render(req, res, 'sign-in', tokenSignInPage());
  }

  @Post('sign-in')
  @UseGuards(CsrfGuard)
  async withToken(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    if (await this.signIn.withToken(req, res, textOf(body, 'token'))) return res.redirect(303, CONSOLE_PATH);
    this.view.render(req, res, 'sign-in', tokenSignInPage('This admin token is unknown or was revoked.'), 401);
  }

  /** A browser already signed in to this server as an admin goes straight in; otherwise the login form. */
  @Get('sign-in/account')
  async accountPage(@Query('switch') switching: unknown, @Req() req: ConsoleRequest, @Res() res: Response) {
    const outcome = switching ? null : await this.signIn.withBrowserSession(req, res);
    if (!outcome) return this.view.render(req, res, 'account-sign-in', accountSignInPage());
    this.answer(req, res, outcome);
  }

  @Post('sign-in/account')
  @UseGuards(CsrfGuard)
  async withAccount(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    // The page's other way in (a passkey, LoginMethods) posts this form too.
    const other = await this.loginMethods.authenticate(req);
    if (other) return this.answer(req, res, await this.signIn.withLoginMethod(req, res, other));
    const login = textOf(body, 'login');
    const password = typeof body.password === 'string' ? body.password : '';
    this.answer(req, res, await this.signIn.withPassword(req, res, login, password), login);
  }

  @Post('sign-out')
  @UseGuards(CsrfGuard)
  async signOut(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.signIn.signOut(req, res);
    res.redirect(303, withNotice(SIGN_IN_URL, 'signed-out'));
  }

  private answer(req: ConsoleRequest, res: Response, outcome: AccountSignIn, login = ''): void {
    if (outcome.status === 'signed-in') return res.redirect(303, CONSOLE_PATH);
    if (outcome.status === 'step') return res.redirect(303, outcome.url);
    if (outcome.status === 'not-admin') return this.view.render(req, res, 'not-admin', NOT_AN_ADMIN, 403);
    if (outcome.failure.retryAfterSeconds) res.setHeader('Retry-After', String(outcome.failure.retryAfterSeconds));
    this.view.render(req, res, 'account-sign-in', accountSignInPage(login, outcome.failure), outcome.failure.status);
  }
}
