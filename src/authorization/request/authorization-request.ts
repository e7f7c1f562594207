import type { Client } from '../../clients/client.entity';
import type { ErrorRedirect } from '../../common/errors/oauth-error';
import type { ClaimsParameter } from './claims-parameter';
import type { PromptValue } from './prompt';
import type { ResponseType } from './response-type';

export type ResponseMode = ErrorRedirect['responseMode'];

/**
 * A validated authorization request (RFC 6749 §4.1.1 and §4.2.1, OIDC Core §3.1.2.1, §3.2.2.1
 * and §3.3.2.1, RFC 7636 §4.3): the client and redirect_uri are verified, every value is
 * checked. Stored as JSON on an Interaction while the user signs in, so it holds plain data only.
 */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  responseType: ResponseType;
  responseMode: ResponseMode;
  /** Requested ∩ the client's allowed scopes, or the client's default scopes. */
  scope: string[];
  /** RFC 8707: the resources the tokens are to be for, each an API resource allowed to the client (or this server). */
  resources?: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  prompt: PromptValue[];
  maxAge?: number;
  loginHint?: string;
  uiLocales?: string[];
  /**
   * The claims parameter (OIDC Core §5.5), without the user claims the client may not receive
   * (see claimsToGrant), with acr_values folded in: what the grant keeps once the user allows it.
   */
  claims?: ClaimsParameter;
  /** User claims asked for by name beyond the claims of `scope`: consented to beside the scopes. */
  individualClaims?: string[];
  /** The sub of a verified id_token_hint (OIDC Core §3.1.2.1): only that user may be signed in. */
  idTokenHintSub?: string;
  /** RFC 9449 §10: the DPoP key thumbprint the code is bound to. */
  dpopJkt?: string;
  /** The pushed request (RFC 9126) this came from, by its reference's hash: used up when the client is answered. */
  pushedRequest?: string;
}

/**
 * Where errors about this request go: it is verified, so back to the RP (RFC 6749 §4.1.2.1);
 * through a page the user continues from when no administrator vouches for the client (RFC 9700 §4.11.2).
 */
export function redirectTargetOf(request: AuthorizationRequest, client: Pick<Client, 'adminApproved'>): ErrorRedirect {
  return {
    redirectUri: request.redirectUri,
    state: request.state,
    responseMode: request.responseMode,
    viaPage: !client.adminApproved,
  };
}
