import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../../config/app-config';
import { CsrfTokens } from '../../../interaction/csrf/csrf-tokens';
import { InteractionEngine } from '../../../interaction/engine/interaction-engine';
import type { InteractionStep, StepPage, StepState } from '../../../interaction/engine/interaction-step';
import type { PendingInteraction } from '../../../interaction/pending-interaction';
import type { BrowserSession } from '../../../interaction/session/browser-session.entity';
import { InteractionStore } from '../../../interaction/store/interaction.store';
import { consoleUrl } from '../console-paths';
import { consoleStepCsrfSubject } from './console-step-csrf.guard';

/**
 * The registered interaction steps (InteractionStep) on the way into the console with an
 * account, at /admin/console/sign-in/account/<step>: an admin signing in here goes through
 * the same steps as at the authorization endpoint, after the password and before the console
 * session opens. Completed steps are kept per sign-in.
 */
@Injectable()
export class ConsoleSignInSteps {
  constructor(
    private readonly engine: InteractionEngine,
    private readonly interactions: InteractionStore,
    private readonly csrf: CsrfTokens,
    private readonly config: AppConfig,
  ) {}

  /** The page of the first step still due for this browser session; null when none is. */
  async pendingUrl(browser: BrowserSession): Promise<string | null> {
    const step = await this.engine.pendingStep(stateOf(await this.interactionOf(browser), browser));
    return step && consoleUrl('sign-in', 'account', step.name);
  }

  /** GET: the step's page; false when it is not the one due now (nothing was sent). */
  async show(res: Response, browser: BrowserSession, name: string): Promise<boolean> {
    const interaction = await this.interactionOf(browser);
    const step = await this.dueStep(interaction, browser, name);
    if (!step) return false;
    await step.show(res, this.page(interaction, browser, step));
    return true;
  }

  /**
   * POST: its form, its CSRF token checked (ConsoleStepCsrfGuard). True when the user goes on
   * (the step is done, or was not due); false when the step answered itself.
   */
  async submit(req: Request, res: Response, browser: BrowserSession, name: string): Promise<boolean> {
    const interaction = await this.interactionOf(browser);
    const step = await this.dueStep(interaction, browser, name);
    if (!step) return true;
    return this.engine.submit(step, req, res, this.page(interaction, browser, step), interaction, {
      expiresAt: browser.expiresAt,
    });
  }

  private async dueStep(
    interaction: PendingInteraction,
    browser: BrowserSession,
    name: string,
  ): Promise<InteractionStep | null> {
    const due = await this.engine.pendingStep(stateOf(interaction, browser));
    return due?.name === name ? due : null;
  }

  /**
   * One per sign-in (the browser session and its auth_time, derived with COOKIE_SECRET): only
   * its cookie's holder reaches it, and signing in again runs the steps again.
   */
  private async interactionOf(browser: BrowserSession): Promise<PendingInteraction> {
    const id = createHmac('sha256', this.config.cookieSecret)
      .update(`console interaction:${browser.id}:${new Date(browser.authTime).getTime()}`)
      .digest('base64url');
    const stored = await this.interactions.findActive(id, 'console');
    return (
      stored ?? {
        id,
        kind: 'console',
        clientId: null,
        request: {},
        sessionId: browser.id,
        completedSteps: [],
      }
    );
  }

  private page(interaction: PendingInteraction, browser: BrowserSession, step: InteractionStep): StepPage {
    return {
      ...stateOf(interaction, browser),
      action: `${this.config.issuer}${consoleUrl('sign-in', 'account', step.name)}`,
      csrf: this.csrf.forInteraction(consoleStepCsrfSubject(browser.id, step.name)),
    };
  }
}

const stateOf = (interaction: PendingInteraction, session: BrowserSession): StepState => ({
  kind: interaction.kind,
  clientId: interaction.clientId,
  session,
  completedSteps: interaction.completedSteps,
});
