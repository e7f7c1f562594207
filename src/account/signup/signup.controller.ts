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
import { chooseLanguage } from '../../common/i18n/languages';
import { AppConfig } from '../../config/app-config';
import { InteractionEngine } from '../../interaction/engine/interaction-engine';
import { SessionService } from '../../interaction/session/session.service';
import { InteractionStore } from '../../interaction/store/interaction.store';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import { actorOf } from '../account-actor';
import { interactionIdOf, safeReturnPath, SIGNUP_PATH } from '../account-paths';
import { SignupService } from './signup.service';

type Form = Record<string, unknown>;
const text = (value: unknown, max: number): string => (typeof value === 'string' && value.length <= max ? value : '');

/** RFC 8176 §2: the new user proved a password (the one just chosen). */
const SIGNUP_AMR = ['pwd'];

/**
 * "Create an account" (views/account/signup*.hbs): from a login page, or straight from an
 * authorization request with prompt=create. When the new user may sign in at once, the
 * browser is signed in and the authorization request it came from continues.
 */
@ApiExcludeController()
@Controller(SIGNUP_PATH.slice(1))
export class SignupController {
  constructor(
    private readonly signup: SignupService,
    private readonly settings: AccountSettingsService,
    private readonly sessions: SessionService,
    private readonly interactions: InteractionStore,
    private readonly engine: InteractionEngine,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res() res: Response, @Query('return_to') returnTo: unknown): Promise<void> {
    await this.assertEnabled();
    await this.renderForm(req, res, safeReturnPath(returnTo), {});
  }

  @Post()
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Header('Cache-Control', 'no-store')
  async create(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    await this.assertEnabled();
    const returnTo = safeReturnPath(form.return_to);
    const values = {
      username: text(form.username, 255),
      email: text(form.email, 320),
      name: text(form.name, 255),
    };
    const outcome = await this.signup.register(
      {
        ...values,
        password: text(form.password, PASSWORD_MAX_LENGTH * 4),
        confirmation: text(form.confirmation, PASSWORD_MAX_LENGTH * 4),
        locale: chooseLanguage({ acceptLanguage: req.headers['accept-language'] }),
      },
      actorOf(req),
    );
    if (!outcome.created) return this.renderForm(req, res, returnTo, values, outcome.problems, 400);
    if (outcome.mustVerify)
      return res.render('account/signup-verify', {
        title: 'Confirm your email address',
        email: outcome.user.email,
        sent: outcome.verificationSent,
        returnTo,
      });
    const session = await this.sessions.signIn(req, res, outcome.user.id, SIGNUP_AMR);
    // Back into the authorization request this sign-up started from, signed in.
    const interactionId = returnTo && interactionIdOf(returnTo);
    const interaction = interactionId ? await this.interactions.findForBrowser(interactionId, req) : null;
    if (interaction) return this.engine.signedIn(res, interaction, session);
    if (returnTo) return res.redirect(303, `${this.config.issuer}${returnTo}`);
    res.render('account/signup-done', { title: 'Your account is ready', sent: outcome.verificationSent });
  }

  /** Off unless the operator turns it on (account settings): the page does not exist. */
  private async assertEnabled(): Promise<void> {
    if (!(await this.signup.enabled())) throw new NotFoundException();
  }

  private async renderForm(
    req: Request,
    res: Response,
    returnTo: string | undefined,
    values: Record<string, string>,
    problems: string[] = [],
    status = 200,
  ): Promise<void> {
    const settings = await this.settings.get();
    res.status(status).render('account/signup', {
      title: 'Create an account',
      csrf: issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies }),
      returnTo,
      values,
      problems,
      minLength: settings.passwordMinLength,
      maxLength: PASSWORD_MAX_LENGTH,
      domains: settings.signupEmailDomains.join(', '),
    });
  }
}
