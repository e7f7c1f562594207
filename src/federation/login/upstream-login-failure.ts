/** Why a sign-in through an upstream provider did not happen. */
export type UpstreamLoginFailureReason =
  /** No login of this state was started in this browser, or it expired or was used. */
  | 'unknown_state'
  /** The authorization request the login was for has expired or was completed. */
  | 'interaction_gone'
  /** The provider was disabled or removed. */
  | 'provider_unavailable'
  /** The provider answered with an error, e.g. access_denied (RFC 6749 §4.1.2.1). */
  | 'denied'
  /** The provider could not be reached in time. */
  | 'unreachable'
  /** The provider's answer did not pass the checks (token exchange, ID Token validation). */
  | 'rejected'
  /** No local user is linked, and the provider's policy neither links nor creates one. */
  | 'no_account'
  | 'account_disabled'
  /** A local user could not be created (its username or email could not be made unique). */
  | 'account_conflict';

/** Thrown by the federation flow; rendered as a page (UpstreamLoginFailureFilter), never a 500. */
export class UpstreamLoginFailure extends Error {
  constructor(
    readonly reason: UpstreamLoginFailureReason,
    /** The interaction to return to, when it is still there. */
    readonly interactionId?: string,
    readonly providerName?: string,
  ) {
    super(`upstream login failed: ${reason}`);
    this.name = 'UpstreamLoginFailure';
  }
}
