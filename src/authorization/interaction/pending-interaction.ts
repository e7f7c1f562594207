import type { AuthorizationRequest } from '../request/authorization-request';

/** An authorization request waiting for the user, as the interaction pages see it. */
export interface PendingInteraction {
  id: string;
  request: AuthorizationRequest;
  /** The session accepted as the sign-in for this request: set after login, or at once when no login was due. */
  sessionId: string | null;
}

export type InteractionStep = 'login' | 'consent';
