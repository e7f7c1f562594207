import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { InteractionStep, StepPage, StepState } from '../../interaction/engine/interaction-step';
import { SessionService } from '../../interaction/session/session.service';
import { SECURITY_PAGE } from '../account/security-page.controller';
import { SecondFactorPolicy } from '../policy/second-factor-policy';

/**
 * A sign-in that needs a second factor the user has not set up (require_mfa, mfa_required, an
 * essential acr): the Sign-in methods page, coming back here; then on (the enrolment proved the
 * factor, so the session is already stepped up).
 */
@Injectable()
export class SecondFactorSetupStep implements InteractionStep {
  readonly name = 'second-factor-setup';

  constructor(
    private readonly policy: SecondFactorPolicy,
    private readonly sessions: SessionService,
  ) {}

  async isDue(state: StepState): Promise<boolean> {
    return (await this.policy.need(state)).kind === 'enrol';
  }

  show(res: Response, page: StepPage): Promise<void> {
    return this.render(res, page);
  }

  async submit(_req: Request, res: Response, page: StepPage): Promise<boolean> {
    if ((await this.policy.need(page)).kind !== 'enrol') return true;
    await this.render(res, page, 'Set up a second factor first, then continue.', 400);
    return false;
  }

  private async render(res: Response, page: StepPage, error?: string, status = 200): Promise<void> {
    const [need, user] = await Promise.all([this.policy.need(page), this.sessions.userOf(page.session)]);
    const back = new URL(page.action).pathname;
    res.locals.userLocale = user?.locale;
    res
      .status(status)
      .setHeader('Cache-Control', 'no-store')
      .render('second-factor-setup', {
        title: 'Set up a second factor',
        phishingResistant: need.kind === 'enrol' && need.acr === '3',
        setupUrl: `${SECURITY_PAGE}?return_to=${encodeURIComponent(back)}`,
        action: page.action,
        csrf: page.csrf,
        error,
      });
  }
}
