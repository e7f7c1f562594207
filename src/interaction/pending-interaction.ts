/** Which flow started an interaction, and gets the browser back once its steps are done. */
export type InteractionKind = 'authorization' | 'device' | 'console' | 'logout';

/**
 * A browser interaction waiting for the user, as its pages see it: what it is for (`request`,
 * the starting flow's own parameters), who signed in for it and which steps are behind it.
 */
export interface PendingInteraction<R = unknown> {
  id: string;
  kind: InteractionKind;
  /** Null for a sign-in no client asked for (the admin console), or a logout that names no client. */
  clientId: string | null;
  request: R;
  /** The session accepted as the sign-in for this interaction: set after login, or at once when no login was due. */
  sessionId: string | null;
  /** Registered steps (InteractionStep) the user has completed in this interaction. */
  completedSteps: readonly string[];
}
