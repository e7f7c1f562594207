import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { KnownStepGuard } from '../../../interaction/http/known-step.guard';
import { NoStore } from '../../../interaction/http/no-store';
import { SessionService } from '../../../interaction/session/session.service';
import { CONSOLE_PATH, consoleUrl } from '../console-paths';
import type { ConsoleRequest } from './console-principal';
import { ConsoleSignInService } from './console-sign-in.service';
import { ConsoleSignInSteps } from './console-sign-in-steps';
import { ConsoleStepCsrfGuard } from './console-step-csrf.guard';

/**
 * The registered interaction steps between an admin's password and the console session. A
 * page naming no step is a 404 as for any unknown route (KnownStepGuard, no console filter);
 * a post without its CSRF token is refused first, as every console form post is.
 */
@ApiExcludeController()
@Controller('admin/console/sign-in/account')
@NoStore()
export class ConsoleSignInStepsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly steps: ConsoleSignInSteps,
    private readonly signIn: ConsoleSignInService,
  ) {}

  @Get(':step')
  @UseGuards(KnownStepGuard)
  async page(@Param('step') step: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const browser = await this.sessions.signedIn(req);
    if (!browser) return res.redirect(303, consoleUrl('sign-in', 'account'));
    if (!(await this.steps.show(res, browser, step))) await this.goOn(req, res);
  }

  @Post(':step')
  @UseGuards(ConsoleStepCsrfGuard, KnownStepGuard)
  async answer(@Param('step') step: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const browser = await this.sessions.signedIn(req);
    if (!browser) return res.redirect(303, consoleUrl('sign-in', 'account'));
    if (await this.steps.submit(req, res, browser, step)) await this.goOn(req, res);
  }

  /** The next step, or the console (its session opened, the admin role checked again). */
  private async goOn(req: ConsoleRequest, res: Response): Promise<void> {
    const outcome = await this.signIn.withBrowserSession(req, res);
    if (outcome?.status === 'step') return res.redirect(303, outcome.url);
    res.redirect(303, outcome?.status === 'signed-in' ? CONSOLE_PATH : consoleUrl('sign-in', 'account'));
  }
}
