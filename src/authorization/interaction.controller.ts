import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OAuthError } from '../common/errors/oauth-error';
import { CsrfGuard } from '../interaction/csrf/csrf.guard';
import { CurrentInteraction, InteractionGuard } from '../interaction/http/interaction.guard';
import { KnownStepGuard } from '../interaction/http/known-step.guard';
import { NoStore } from '../interaction/http/no-store';
import { LOGIN_FIELD } from '../interaction/login/local.strategy';
import { CurrentLoginOutcome, LoginGuard, type LoginOutcome } from '../interaction/login/login.guard';
import { PasswordSignIn } from '../interaction/login/password-sign-in';
import type { AuthorizationInteraction } from './flow/authorization-interaction';
import { AuthorizationFlow } from './flow/authorization-flow';
import { AuthorizationSteps } from './flow/authorization-steps';
import { AuthorizationPages } from './pages/authorization-pages';

/** The pages of one pending authorization request: login, the registered steps, consent. */
@ApiExcludeController()
@Controller('interaction/:id')
@NoStore()
export class InteractionController {
  constructor(
    private readonly flow: AuthorizationFlow,
    private readonly pages: AuthorizationPages,
    private readonly passwords: PasswordSignIn,
    private readonly steps: AuthorizationSteps,
  ) {}

  @Get('login')
  @UseGuards(InteractionGuard)
  loginPage(@CurrentInteraction() interaction: AuthorizationInteraction, @Res() res: Response): Promise<void> {
    return this.pages.login(res, interaction);
  }

  @Post('login')
  @UseGuards(InteractionGuard, CsrfGuard, LoginGuard)
  async login(
    @CurrentInteraction() interaction: AuthorizationInteraction,
    @CurrentLoginOutcome() outcome: LoginOutcome,
    @Body(LOGIN_FIELD) login: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const session = await this.passwords.complete(req, res, outcome, login, (state) =>
      this.pages.login(res, interaction, state),
    );
    if (session) await this.flow.signedIn(res, interaction, session);
  }

  @Get('consent')
  @UseGuards(InteractionGuard)
  async consentPage(
    @CurrentInteraction() interaction: AuthorizationInteraction,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    const before = await this.flow.stepBeforeConsent(interaction, session);
    if (before) return res.redirect(303, before);
    await this.pages.consent(res, interaction, session);
  }

  @Post('consent')
  @UseGuards(InteractionGuard, CsrfGuard)
  async consent(
    @CurrentInteraction() interaction: AuthorizationInteraction,
    @Body('decision') decision: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (decision !== 'allow' && decision !== 'deny') throw new OAuthError('invalid_request', 'Choose Allow or Deny.');
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    const before = await this.flow.stepBeforeConsent(interaction, session);
    if (before) return res.redirect(303, before);
    await this.flow.decideConsent(res, interaction, session, decision === 'allow');
  }

  // Last, so the named pages above match first: the registered steps (InteractionStep). The
  // guards run per route, so a path naming no step is a 404 before the interaction is looked up.
  @Get(':step')
  @UseGuards(KnownStepGuard, InteractionGuard)
  stepPage(
    @CurrentInteraction() interaction: AuthorizationInteraction,
    @Param('step') step: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.steps.show(req, res, interaction, step);
  }

  @Post(':step')
  @UseGuards(KnownStepGuard, InteractionGuard, CsrfGuard)
  stepAnswer(
    @CurrentInteraction() interaction: AuthorizationInteraction,
    @Param('step') step: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.steps.submit(req, res, interaction, step);
  }
}
