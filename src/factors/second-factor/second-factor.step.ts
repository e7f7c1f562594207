import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { InteractionStep, StepPage, StepState } from '../../interaction/engine/interaction-step';
import { SecondFactorPolicy } from '../policy/second-factor-policy';
import { SecondFactorPage } from './second-factor-page';
import { SecondFactorProof } from './second-factor-proof';

/**
 * After sign-in, a second factor the user has set up, when the policy asks for one
 * (SecondFactorPolicy): the session is stepped up in place, keeping its sid and auth_time.
 */
@Injectable()
export class SecondFactorStep implements InteractionStep {
  readonly name = 'second-factor';

  constructor(
    private readonly policy: SecondFactorPolicy,
    private readonly page: SecondFactorPage,
    private readonly proof: SecondFactorProof,
  ) {}

  async isDue(state: StepState): Promise<boolean> {
    return (await this.policy.need(state)).kind === 'prove';
  }

  async show(res: Response, page: StepPage): Promise<void> {
    const need = await this.policy.need(page);
    const methods = need.kind === 'prove' ? need.methods : [];
    await this.page.render(res.req, res, {
      userId: page.session.userId,
      session: page.session,
      methods,
      action: page.action,
      csrf: page.csrf,
    });
  }

  async submit(req: Request, res: Response, page: StepPage): Promise<boolean> {
    const need = await this.policy.need(page);
    if (need.kind !== 'prove') return true;
    return this.proof.submit(req, res, page.session, need.methods, page);
  }
}
