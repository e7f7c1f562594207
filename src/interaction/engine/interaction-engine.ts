import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { LoginPageState } from '../login/login-page-state';
import type { InteractionKind, PendingInteraction } from '../pending-interaction';
import type { BrowserSession } from '../session/browser-session.entity';
import { InteractionStore } from '../store/interaction.store';
import {
  completedStepKey,
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

/**
 * A flow of the engine: its interactions are `interactions` rows of its kind, bound to the browser
 * that started them, expiring with the others and taken out when answered (`InteractionStore`).
 */
export interface InteractionFlow {
  readonly kind: InteractionKind;
}

/** A flow that signs the user in, whose interactions other modules continue (a sign-in through an upstream provider). */
export interface SignInFlow extends InteractionFlow {
  /** After a sign-in for this interaction: its next step, or back to whoever started it. */
  signedIn(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void>;
  /** Its sign-in page again, saying what went wrong. */
  showSignIn(res: Response, interaction: PendingInteraction, state: LoginPageState): Promise<void>;
}

const signsIn = (flow: InteractionFlow): flow is SignInFlow => 'signedIn' in flow;

/**
 * Decides what a browser interaction asks next, from its stored state: sign in, then each
 * registered step still due, then consent, then done (the starting flow answers whoever started
 * it). The flows (authorization endpoint, device verification, console sign-in) supply only their
 * own rules for sign-in and consent, so a registered step runs in every one of them.
 *
 * RP-initiated logout's confirmation (`logout`) is a flow with one question and no sign-in: its
 * interaction holds the validated logout request and the session it would end, starts signed in,
 * runs no registered step (none may stand between a user and signing out), and the answer takes
 * it out of the table, so it is answered once and not after it expired.
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

  /** The first registered step this session has not completed in this interaction and must go through. */
  async pendingStep(state: StepState): Promise<InteractionStep | null> {
    for (const step of this.steps.all())
      if (!state.completedSteps.includes(completedStepKey(step.name, state.session.id)) && (await step.isDue(state)))
        return step;
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
    await this.store.recordStep(interaction, completedStepKey(step.name, page.session.id), opening);
    return true;
  }

  /** A sign-in made outside the flow's own login form (an upstream provider's callback). */
  signedIn(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void> {
    return this.signInFlowOf(interaction.kind).signedIn(res, interaction, session);
  }

  showSignIn(res: Response, interaction: PendingInteraction, state: LoginPageState): Promise<void> {
    return this.signInFlowOf(interaction.kind).showSignIn(res, interaction, state);
  }

  private signInFlowOf(kind: InteractionKind): SignInFlow {
    const flow = this.flows.get(kind);
    if (!flow) throw new Error(`No interaction flow is registered for ${kind}`);
    if (!signsIn(flow)) throw new Error(`The interaction flow ${kind} signs no one in`);
    return flow;
  }
}
