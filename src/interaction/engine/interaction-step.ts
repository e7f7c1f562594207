import type { Request, Response } from 'express';
import type { InteractionKind } from '../pending-interaction';
import type { BrowserSession } from '../session/browser-session.entity';

/** The step every flow starts with when the browser is not signed in (or must sign in again). */
export const SIGN_IN_STEP = 'login';
/** The step a flow ends with when the user must allow the client. */
export const CONSENT_STEP = 'consent';
/** Nothing left to ask: back to whoever started the interaction. */
export const DONE = 'done';

/**
 * How a completed step is recorded: with the browser session that went through it. Someone else
 * signing in to the same interaction (another account in the same browser) is a new session and
 * goes through every step again: a second factor proved by one user never counts for another.
 */
export const completedStepKey = (step: string, sessionId: string): string => `${step}@${sessionId}`;

/** What a step knows of the interaction it is asked about: signed in, consent still ahead. */
export interface StepState {
  kind: InteractionKind;
  /** Null for a sign-in no client asked for (the admin console). */
  clientId: string | null;
  session: BrowserSession;
  /**
   * Steps already completed in this interaction, so each runs once: each recorded with the
   * session that completed it (completedStepKey), and done only for that session.
   */
  completedSteps: readonly string[];
  /** The acr levels the client asked for (acr_values, or acr in the claims parameter), in its order of preference. */
  acrValues?: readonly string[];
  /** The client insists on one of acrValues (an Essential acr Claim, OIDC Core §5.5.1.1). */
  acrEssential?: boolean;
}

/** What a step's page needs to post its form back to the flow that shows it. */
export interface StepPage extends StepState {
  /** The URL its form posts to. */
  action: string;
  /** The value of the form's `csrf` field; the flow checks it before `submit` runs. */
  csrf: string;
}

/**
 * One more thing a signed-in user may have to do before consent (second factor, enrolment, a
 * password change, terms of service). Every flow (authorization endpoint, device verification,
 * federation callbacks) runs the registered steps in order, at its own URLs
 * (/interaction/:id/<name>, /oauth2/device/<name>). A new step is one injectable class
 * implementing this, added to REGISTERED_STEPS (interaction-steps.ts).
 */
export interface InteractionStep {
  /** Its page's last path segment: unique, lowercase, never `login` or `consent`. */
  readonly name: string;
  /** Whether this user must go through it in this interaction (not asked again once completed). */
  isDue(state: StepState): Promise<boolean>;
  /** GET: its page. */
  show(res: Response, page: StepPage): Promise<void>;
  /** POST, CSRF already checked: true when the step is done; false when it has answered itself (its page again). */
  submit(req: Request, res: Response, page: StepPage): Promise<boolean>;
}
