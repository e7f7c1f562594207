import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { LoginPageState } from '../login/login-page-state';
import type { InteractionKind, PendingInteraction } from '../pending-interaction';
import type { BrowserSession } from '../session/browser-session.entity';
import { InteractionStore } from '../store/interaction.store';
import {
  CONSENT_STEP,
  DONE,
  type InteractionStep,
  SIGN_IN_STEP,
  type StepPage,
  type StepState,
} from './interaction-step';
import { InteractionSteps } from './interaction-steps';

/** What the starting flow's own rules say of sign-in and consent (prompt, max_age, consent policy). */
export interface FlowDecision {
  signInDue: boolean;
  consentDue: boolean;
}

/** A flow whose interactions other modules continue (a sign-in through an upstream provider). */
export interface InteractionFlow {
  readonly kind: InteractionKind;
  /** After a sign-in for this interaction: its next step, or back to whoever started it. */
  signedIn(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void>;
  /** Its sign-in page again, saying what went wrong. */
  showSignIn(res: Response, interaction: PendingInteraction, state: LoginPageState): Promise<void>;
}

/**
 * Decides what a browser interaction asks next, from its stored state: sign in, then each
 * registered step still due, then consent, then done (the starting flow answers whoever started
 * it). The flows (authorization endpoint, device verification) supply only their own rules
 * for sign-in and consent, so a registered step runs in every one of them.
 */
@Injectable()
export class InteractionEngine {
  private readonly flows = new Map<InteractionKind, InteractionFlow>();

  constructor(
    private readonly steps: InteractionSteps,
    private readonly store: InteractionStore,
  ) {}

  registerFlow(flow: InteractionFlow): void {
    if (this.flows.has(flow.kind)) throw new Error(`Interaction flow ${flow.kind} is registered twice`);
    this.flows.set(flow.kind, flow);
  }

  /** The step to show next: `login`, a registered step's name, `consent`, or `done`. */
  async next(decision: FlowDecision, state: StepState | null): Promise<string> {
    if (decision.signInDue || state === null) return SIGN_IN_STEP;
    const step = await this.pendingStep(state);
    if (step) return step.name;
    return decision.consentDue ? CONSENT_STEP : DONE;
  }

  /** The first registered step this signed-in interaction has not completed and must go through. */
  async pendingStep(state: StepState): Promise<InteractionStep | null> {
    for (const step of this.steps.all())
      if (!state.completedSteps.includes(step.name) && (await step.isDue(state))) return step;
    return null;
  }

  /** A registered step by its page's name. */
  step(name: string): InteractionStep | undefined {
    return this.steps.find(name);
  }

  /**
   * A step's form, CSRF already checked. When the step is done it is recorded on the
   * interaction (`opening` creates the row for a flow that keeps its own state elsewhere,
   * until then) and true is returned: the flow then asks `next` again.
   */
  async submit(
    step: InteractionStep,
    req: Request,
    res: Response,
    page: StepPage,
    interaction: PendingInteraction,
    opening?: { expiresAt: Date },
  ): Promise<boolean> {
    if (!(await step.submit(req, res, page))) return false;
    await this.store.recordStep(interaction, step.name, opening);
    return true;
  }

  /** A sign-in made outside the flow's own login form (an upstream provider's callback). */
  signedIn(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void> {
    return this.flowOf(interaction.kind).signedIn(res, interaction, session);
  }

  showSignIn(res: Response, interaction: PendingInteraction, state: LoginPageState): Promise<void> {
    return this.flowOf(interaction.kind).showSignIn(res, interaction, state);
  }

  private flowOf(kind: InteractionKind): InteractionFlow {
    const flow = this.flows.get(kind);
    if (!flow) throw new Error(`No interaction flow is registered for ${kind}`);
    return flow;
  }
}
