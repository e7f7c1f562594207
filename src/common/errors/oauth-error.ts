import { errorDescriptionText } from './error-description-text';

/** Where an authorization error may be sent back to, once client and redirect_uri are verified. */
export interface ErrorRedirect {
  redirectUri: string;
  state?: string;
  responseMode: 'query' | 'fragment' | 'form_post';
  /**
   * No administrator vouches for the client (a dynamically registered one): the user is shown
   * where the error would go and goes only by pressing Continue (RFC 9700 §4.11.2).
   */
  viaPage?: boolean;
}

export interface OAuthErrorOptions {
  status?: number;
  /** RFC 6750 §3 / RFC 6749 §5.2 / RFC 9449 §7.1: the WWW-Authenticate challenge scheme, when one is due. */
  challenge?: ChallengeScheme;
  redirect?: ErrorRedirect;
  /** Further response headers the error carries (RFC 9449 §8: DPoP-Nonce with use_dpop_nonce). */
  headers?: Record<string, string>;
}

export type ChallengeScheme = 'Basic' | 'Bearer' | 'DPoP';

/**
 * Every protocol error is one of these: data, not a class per code. `expose` is false for
 * 5xx (but 503 temporarily_unavailable), whose description never leaves the server.
 */
export class OAuthError extends Error {
  /** In the characters RFC 6749 §5.2 allows (descriptionText). */
  readonly errorDescription: string | undefined;
  readonly status: number;
  readonly challenge?: ChallengeScheme;
  readonly headers?: Record<string, string>;
  redirect?: ErrorRedirect;

  constructor(
    readonly error: string,
    errorDescription: string | undefined,
    options: OAuthErrorOptions = {},
  ) {
    super(errorDescription ?? error);
    this.errorDescription = errorDescription === undefined ? undefined : this.descriptionText(errorDescription);
    this.status = options.status ?? 400;
    this.challenge = options.challenge;
    this.headers = options.headers;
    this.redirect = options.redirect;
  }

  /** The description as it may travel: in the characters RFC 6749 §5.2 allows. */
  protected descriptionText(description: string): string {
    return errorDescriptionText(description);
  }

  /** RFC 6749 §4.1.2.1: temporarily_unavailable is a protocol answer, safe to show as it is. */
  get expose(): boolean {
    return this.status < 500 || this.error === 'temporarily_unavailable';
  }

  /** The same error, now allowed to travel back to the RP. */
  redirectTo(redirect: ErrorRedirect): this {
    this.redirect = redirect;
    return this;
  }

  toJSON(): { error: string; error_description?: string } {
    if (!this.expose) return { error: 'server_error' };
    return this.errorDescription
      ? { error: this.error, error_description: this.errorDescription }
      : { error: this.error };
  }
}

const make =
  (error: string, status = 400, challenge?: ChallengeScheme) =>
  (description?: string, options: OAuthErrorOptions = {}) =>
    new OAuthError(error, description, { status, challenge, ...options });

/** The codes of RFC 6749, 6750, 7009, 7591, 8628, 8693 and OIDC Core, made by one factory. */
export const OAuthErrors = {
  invalidRequest: make('invalid_request'),
  invalidClient: make('invalid_client', 401),
  invalidGrant: make('invalid_grant'),
  unauthorizedClient: make('unauthorized_client'),
  unsupportedGrantType: make('unsupported_grant_type'),
  unsupportedResponseType: make('unsupported_response_type'),
  unsupportedTokenType: make('unsupported_token_type'),
  invalidScope: make('invalid_scope'),
  accessDenied: make('access_denied', 403),
  serverError: make('server_error', 500),
  temporarilyUnavailable: make('temporarily_unavailable', 503),
  invalidToken: make('invalid_token', 401, 'Bearer'),
  insufficientScope: make('insufficient_scope', 403, 'Bearer'),
  loginRequired: make('login_required'),
  consentRequired: make('consent_required'),
  interactionRequired: make('interaction_required'),
  accountSelectionRequired: make('account_selection_required'),
  // OpenID Connect Core Error Code unmet_authentication_requirements 1.0 §1.
  unmetAuthenticationRequirements: make('unmet_authentication_requirements'),
  invalidRequestUri: make('invalid_request_uri'),
  invalidRequestObject: make('invalid_request_object'),
  requestNotSupported: make('request_not_supported'),
  requestUriNotSupported: make('request_uri_not_supported'),
  registrationNotSupported: make('registration_not_supported'),
  invalidRedirectUri: make('invalid_redirect_uri'),
  invalidClientMetadata: make('invalid_client_metadata'),
  authorizationPending: make('authorization_pending'),
  slowDown: make('slow_down'),
  expiredToken: make('expired_token'),
  invalidTarget: make('invalid_target'),
  notFound: make('not_found', 404),
  tooManyRequests: make('too_many_requests', 429),
  // RFC 9449 §5 and §8 (token endpoint); resource servers answer them with 401 and a DPoP challenge (§7.1).
  invalidDpopProof: make('invalid_dpop_proof'),
  useDpopNonce: make('use_dpop_nonce'),
} as const;
