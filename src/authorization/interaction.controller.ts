import { Body, Controller, Get, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OAuthError } from '../common/errors/oauth-error';
import { CsrfGuard } from './csrf/csrf.guard';
import { AuthorizationFlow } from './flow/authorization-flow';
import { NoStoreInterceptor } from './http/no-store.interceptor';
import { CurrentInteraction, InteractionGuard } from './interaction/interaction.guard';
import { InteractionPages } from './interaction/interaction-pages';
import type { PendingInteraction } from './interaction/pending-interaction';
import { CurrentLoginOutcome, LoginGuard, type LoginOutcome } from './login/login.guard';
import { LOGIN_FIELD } from './login/local.strategy';
import { loginFailureMessage } from './login/login-failure-message';
import { SessionService } from './session/session.service';

const PASSWORD_AMR = ['pwd'];

/** The login and consent pages of one pending authorization request. */
@ApiExcludeController()
@Controller('interaction/:id')
@UseGuards(InteractionGuard)
@UseInterceptors(NoStoreInterceptor)
export class InteractionController {
  constructor(
    private readonly flow: AuthorizationFlow,
    private readonly pages: InteractionPages,
    private readonly sessions: SessionService,
  ) {}

  @Get('login')
  loginPage(@CurrentInteraction() interaction: PendingInteraction, @Res() res: Response): Promise<void> {
    return this.pages.login(res, interaction);
  }

  @Post('login')
  @UseGuards(CsrfGuard, LoginGuard)
  async login(
    @CurrentInteraction() interaction: PendingInteraction,
    @CurrentLoginOutcome() outcome: LoginOutcome,
    @Body(LOGIN_FIELD) login: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!outcome.ok) {
      const failure = loginFailureMessage(outcome);
      if (failure.retryAfterSeconds) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      return this.pages.login(res, interaction, {
        status: failure.status,
        error: failure.message,
        login: typeof login === 'string' ? login : undefined,
      });
    }
    const session = await this.sessions.signIn(req, res, outcome.user.id, PASSWORD_AMR);
    await this.flow.continueAfterLogin(res, interaction, session);
  }

  @Get('consent')
  async consentPage(
    @CurrentInteraction() interaction: PendingInteraction,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    await this.pages.consent(res, interaction, session);
  }

  @Post('consent')
  @UseGuards(CsrfGuard)
  async consent(
    @CurrentInteraction() interaction: PendingInteraction,
    @Body('decision') decision: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (decision !== 'allow' && decision !== 'deny') throw new OAuthError('invalid_request', 'Choose Allow or Deny.');
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    await this.flow.decideConsent(res, interaction, session, decision === 'allow');
  }
}
