import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import { InteractionEngine } from '../../interaction/engine/interaction-engine';
import type { InteractionStep, StepPage } from '../../interaction/engine/interaction-step';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { requestedAcr } from '../request/acr-request';
import type { AuthorizationInteraction } from './authorization-interaction';
import { AuthorizationFlow } from './authorization-flow';

/** The registered steps' pages for an authorization request, at /interaction/:id/<step>. */
@Injectable()
export class AuthorizationSteps {
  constructor(
    private readonly flow: AuthorizationFlow,
    private readonly engine: InteractionEngine,
    private readonly csrf: CsrfTokens,
  ) {}

  async show(req: Request, res: Response, interaction: AuthorizationInteraction, name: string): Promise<void> {
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    const step = await this.dueStep(interaction, session, name);
    if (!step) return this.flow.stepDone(res, interaction, session);
    await step.show(res, this.page(interaction, session, step));
  }

  async submit(req: Request, res: Response, interaction: AuthorizationInteraction, name: string): Promise<void> {
    const session = await this.flow.sessionForConsent(req, interaction);
    if (!session) return res.redirect(303, this.flow.pageUrl(interaction, 'login'));
    const step = await this.dueStep(interaction, session, name);
    if (!step) return this.flow.stepDone(res, interaction, session);
    if (await this.engine.submit(step, req, res, this.page(interaction, session, step), interaction))
      await this.flow.stepDone(res, interaction, session);
  }

  /** The step asked for, when it is the one due now; a page out of turn sends the browser on to where it stands. */
  private async dueStep(
    interaction: AuthorizationInteraction,
    session: BrowserSession,
    name: string,
  ): Promise<InteractionStep | null> {
    const due = await this.engine.pendingStep({
      kind: interaction.kind,
      clientId: interaction.clientId,
      session,
      completedSteps: interaction.completedSteps,
      ...requestedAcr(interaction.request.claims),
    });
    return due?.name === name ? due : null;
  }

  private page(interaction: AuthorizationInteraction, session: BrowserSession, step: InteractionStep): StepPage {
    return {
      kind: interaction.kind,
      clientId: interaction.clientId,
      session,
      completedSteps: interaction.completedSteps,
      ...requestedAcr(interaction.request.claims),
      action: this.flow.pageUrl(interaction, step.name),
      csrf: this.csrf.forInteraction(interaction.id),
    };
  }
}
