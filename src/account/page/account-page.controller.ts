import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { hasValidCsrfToken, issueCsrfToken } from '../../common/http/csrf';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { formExpired } from '../../interaction/csrf/form-expired';
import { loginFailureMessage } from '../../interaction/login/login-failure-message';
import { LoginMethods } from '../../interaction/login/login-methods';
import { PASSWORD_AMR, PasswordSignIn } from '../../interaction/login/password-sign-in';
import { renderLoginPage } from '../../interaction/pages/login-page';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import { AppConfig } from '../../config/app-config';
import { BrandingConfig } from '../../config/branding.config';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { AccountSecuritySession } from '../../factors/account/account-security-session';
import type { SecondFactorMethod } from '../../factors/second-factor/second-factor-method';
import { SecondFactorPage } from '../../factors/second-factor/second-factor-page';
import { SecondFactorProof } from '../../factors/second-factor/second-factor-proof';
import { MailService } from '../../mail/mail.service';
import { actorOf } from '../account-actor';
import { forgotPasswordUrl, signupUrl } from '../account-paths';
import { SignupService } from '../signup/signup.service';
import { AccountPageService } from './account-page.service';

type Form = Record<string, unknown>;
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length <= max ? value : undefined;
const ACCOUNT = '/account';
/** The pages under /account that send a signed-out browser here with ?next=<name>, to come back to after signing in. */
const NEXT_PAGES = new Set(['security']);

const nextPage = (req: Request): string | undefined =>
  typeof req.query.next === 'string' && NEXT_PAGES.has(req.query.next) ? req.query.next : undefined;

const afterSignIn = (req: Request): string => {
  const next = nextPage(req);
  return next ? `${ACCOUNT}/${next}` : ACCOUNT;
};

/**
 * The account page (views/account/page.hbs): the user's profile, password, sessions, connected
 * applications and security events, and an export of their data. Signed in through the same
 * browser session and login page as applications.
 */
@ApiExcludeController()
@Controller('account')
export class AccountPageController {
  constructor(
    private readonly page: AccountPageService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly passwords: PasswordSignIn,
    private readonly loginMethods: LoginMethods,
    private readonly config: AppConfig,
    private readonly branding: BrandingConfig,
    private readonly settings: AccountSettingsService,
    private readonly access: AccountSecuritySession,
    private readonly secondFactorPage: SecondFactorPage,
    private readonly proof: SecondFactorProof,
    private readonly mail: MailService,
    private readonly signup: SignupService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const signedIn = await this.access.signedIn(req);
    if (!signedIn) return this.renderSignIn(req, res);
    const pending = await this.access.pendingFactors(signedIn.session);
    if (pending) return this.renderSecondFactor(req, res, signedIn.session.userId, pending);
    await this.render(req, res, signedIn.user, signedIn.session);
  }

  /** The second factor of a user who has one, after the password (views/second-factor.hbs). */
  @Post('second-factor')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async secondFactor(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    if (!this.hasInteractionCsrf(req, form)) throw formExpired();
    const signedIn = await this.access.signedIn(req);
    const pending = signedIn && (await this.access.pendingFactors(signedIn.session));
    if (!signedIn || !pending) return res.redirect(303, `${this.config.issuer}${afterSignIn(req)}`);
    const page = { action: this.secondFactorAction(req), csrf: String(form.csrf) };
    if (await this.proof.submit(req, res, signedIn.session, pending, page))
      res.redirect(303, `${this.config.issuer}${afterSignIn(req)}`);
  }

  @Post('sign-in')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    if (!this.hasInteractionCsrf(req, form)) throw formExpired();
    // The login page's other ways in (a passkey, LoginMethods) post this form too.
    const other = await this.loginMethods.authenticate(req);
    if (other && !other.ok) return this.renderSignIn(req, res, { status: other.status, error: other.message });
    if (other) {
      await this.sessions.signIn(req, res, other.user.id, other.amr);
      return res.redirect(303, `${this.config.issuer}${afterSignIn(req)}`);
    }
    const login = text(form.login, 320);
    const password = text(form.password, PASSWORD_MAX_LENGTH * 4);
    if (!login || !password)
      return this.renderSignIn(req, res, { status: 400, error: 'Enter your username or email and your password.' });
    const result = await this.passwords.check(req, res, login, password);
    if (!result.ok) {
      const failure = loginFailureMessage(result);
      if (failure.retryAfterSeconds) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      return this.renderSignIn(req, res, { status: failure.status, error: failure.message, login });
    }
    await this.sessions.signIn(req, res, result.user.id, PASSWORD_AMR);
    res.redirect(303, `${this.config.issuer}${afterSignIn(req)}`);
  }

  @Post('profile')
  @UseGuards(CsrfGuard)
  async profile(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    const value = (name: string) => (text(form[name], 255) ?? '').trim() || null;
    const problem = await this.page.updateProfile(
      signedIn.user,
      {
        name: value('name'),
        givenName: value('given_name'),
        familyName: value('family_name'),
        locale: value('locale'),
      },
      actorOf(req),
    );
    if (problem) return this.render(req, res, signedIn.user, signedIn.session, { profile: [problem] }, 400);
    res.redirect(303, `${this.config.issuer}${ACCOUNT}?saved=profile`);
  }

  @Post('password')
  @UseGuards(CsrfGuard)
  async password(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    const field = (name: string) => text(form[name], PASSWORD_MAX_LENGTH * 4) ?? '';
    const problems = await this.page.changePassword(
      signedIn.user,
      signedIn.session.id,
      { current: field('current'), next: field('password'), confirmation: field('confirmation') },
      actorOf(req),
    );
    if (problems.length > 0) return this.render(req, res, signedIn.user, signedIn.session, { password: problems }, 400);
    // Every other session ended; this one stays, under a new secret, so a copied cookie goes too.
    await this.sessions.renewSecret(res, signedIn.session);
    res.redirect(303, `${this.config.issuer}${ACCOUNT}?saved=password`);
  }

  @Post('email')
  @UseGuards(CsrfGuard)
  async email(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    const problems = await this.page.changeEmail(
      signedIn.user,
      signedIn.session.id,
      text(form.current, PASSWORD_MAX_LENGTH * 4) ?? '',
      (text(form.email, 320) ?? '').trim(),
      actorOf(req),
    );
    if (problems.length > 0) return this.render(req, res, signedIn.user, signedIn.session, { email: problems }, 400);
    res.redirect(303, `${this.config.issuer}${ACCOUNT}?saved=email`);
  }

  @Post('identities/:providerId/unlink')
  @UseGuards(CsrfGuard)
  async unlink(
    @Req() req: Request,
    @Res() res: Response,
    @Param('providerId') providerId: string,
    @Body() form: Form,
  ): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    const current = text(form.current, PASSWORD_MAX_LENGTH * 4) ?? '';
    const problem = await this.page.unlinkIdentity(signedIn.user, providerId, current, actorOf(req));
    if (problem) return this.render(req, res, signedIn.user, signedIn.session, { identities: [problem] }, 400);
    res.redirect(303, `${this.config.issuer}${ACCOUNT}?saved=identities`);
  }

  @Post('delete')
  @UseGuards(CsrfGuard)
  async delete(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    const problem = await this.page.deleteAccount(
      signedIn.user,
      text(form.current, PASSWORD_MAX_LENGTH * 4) ?? '',
      form.confirm === 'yes',
      actorOf(req),
    );
    if (problem) return this.render(req, res, signedIn.user, signedIn.session, { delete: [problem] }, 400);
    await this.sessions.end(req, res);
    res.render('account/deleted', { title: 'Your account is deleted' });
  }

  @Post('sessions/:id/end')
  @UseGuards(CsrfGuard)
  async endSession(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    await this.page.endSession(signedIn.user, id, actorOf(req));
    res.redirect(303, `${this.config.issuer}${ACCOUNT}`);
  }

  @Post('applications/:clientId/revoke')
  @UseGuards(CsrfGuard)
  async revoke(@Req() req: Request, @Res() res: Response, @Param('clientId') clientId: string): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    await this.page.revokeApplication(signedIn.user, clientId, actorOf(req));
    res.redirect(303, `${this.config.issuer}${ACCOUNT}?saved=applications`);
  }

  @Get('export')
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    const signedIn = await this.required(req, res);
    if (!signedIn) return;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="account.json"');
    res.json(await this.page.export(signedIn.user));
  }

  /** Signed in, second factor included when the user has one. */
  private signedIn(req: Request): Promise<{ session: BrowserSession; user: User } | null> {
    return this.access.of(req);
  }

  /** The login and second-factor pages name their token `csrf`; it is the double-submit token of this site. */
  private hasInteractionCsrf(req: Request, form: Form | undefined): boolean {
    const shim = { signedCookies: req.signedCookies, body: { _csrf: form?.csrf }, get: () => undefined };
    return hasValidCsrfToken(shim as unknown as Request, this.csrfOptions());
  }

  private renderSecondFactor(req: Request, res: Response, userId: string, methods: SecondFactorMethod[]) {
    return this.secondFactorPage.render(req, res, {
      userId,
      methods,
      action: this.secondFactorAction(req),
      csrf: issueCsrfToken(req, res, this.csrfOptions()),
    });
  }

  private secondFactorAction(req: Request): string {
    const next = nextPage(req);
    return `${this.config.issuer}${ACCOUNT}/second-factor${next ? `?next=${next}` : ''}`;
  }

  /** Signed out meanwhile: back to the page, which asks to sign in. */
  private async required(req: Request, res: Response) {
    const signedIn = await this.signedIn(req);
    if (!signedIn) res.redirect(303, `${this.config.issuer}${ACCOUNT}`);
    return signedIn;
  }

  /**
   * The login page of the account pages, with the same ways out as an application's: "Forgot
   * password?" (when there is mail) and "Create an account" (when sign-up is open). A sign-in
   * that started on a page under /account (NEXT_PAGES) goes back there.
   */
  private async renderSignIn(
    req: Request,
    res: Response,
    state: { status?: number; error?: string; login?: string } = {},
  ): Promise<void> {
    const next = nextPage(req);
    renderLoginPage(
      res,
      {
        client: { clientName: this.branding.name },
        csrf: issueCsrfToken(req, res, this.csrfOptions()),
        action: `${this.config.issuer}${ACCOUNT}/sign-in${next ? `?next=${next}` : ''}`,
        forgotPassword: this.mail.enabled ? forgotPasswordUrl(ACCOUNT) : undefined,
        signup: (await this.signup.enabled()) ? signupUrl(ACCOUNT) : undefined,
      },
      state,
    );
  }

  private async render(
    req: Request,
    res: Response,
    user: User,
    session: BrowserSession,
    problems: Partial<Record<'profile' | 'password' | 'email' | 'identities' | 'delete', string[]>> = {},
    status = 200,
  ): Promise<void> {
    const [overview, settings] = await Promise.all([this.page.overview(user, session.id), this.settings.get()]);
    res.locals.userLocale = user.locale;
    res.status(status).render('account/page', {
      title: 'Your account',
      user,
      csrf: issueCsrfToken(req, res, this.csrfOptions()),
      saved: typeof req.query.saved === 'string' ? req.query.saved : undefined,
      problems,
      minLength: settings.passwordMinLength,
      maxLength: PASSWORD_MAX_LENGTH,
      domains: settings.signupEmailDomains.join(', '),
      sessions: overview.sessions.map((s) => ({
        id: s.id,
        since: s.authTime.toISOString().slice(0, 16).replace('T', ' '),
        amr: s.amr.join(', '),
        current: s.current,
      })),
      applications: overview.applications.map((a) => ({
        clientId: a.clientId,
        clientName: a.clientName,
        scopes: a.scopes.join(' '),
      })),
      hasPassword: user.passwordHash !== null,
      identities: overview.identities.map((i) => ({
        providerId: i.providerId,
        providerName: i.providerName,
        since: i.linkedAt.toISOString().slice(0, 10),
      })),
      selfDeletion: overview.selfDeletion,
      events: overview.events.map((e) => ({
        type: e.type,
        at: e.occurredAt.toISOString().slice(0, 16).replace('T', ' '),
        ip: e.ip ?? '',
      })),
    });
  }

  private csrfOptions() {
    return { secret: this.config.cookieSecret, secure: this.config.secureCookies };
  }
}
