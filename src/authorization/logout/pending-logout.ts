import type { LogoutRequest } from './logout-request';

/**
 * A logout request waiting for the user's answer on the confirmation page, as its interaction
 * (kind `logout`) keeps it: what was validated, by reference, so the answer is checked against
 * the clients as they are then. The id_token_hint itself is not kept, only whom it named.
 */
export interface PendingLogout {
  clientId?: string;
  postLogoutRedirectUri?: string;
  state?: string;
  uiLocales?: string;
  hint?: { sub: string; sid?: string };
}

export function pendingLogoutOf(request: LogoutRequest): PendingLogout {
  const { client, hint, postLogoutRedirectUri, state, uiLocales } = request;
  return {
    clientId: client?.clientId,
    postLogoutRedirectUri,
    state,
    uiLocales,
    hint: hint && { sub: hint.sub, sid: hint.sid },
  };
}
