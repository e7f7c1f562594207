/**
 * What the upstream is told of the authorization request a sign-in is for (the parameters of
 * the interaction the login page belongs to, an AuthorizationRequest).
 */
export interface DownstreamRequest {
  prompt: readonly string[];
  maxAge?: number;
  uiLocales?: readonly string[];
}

export interface UpstreamLoginSecrets {
  state: string;
  nonce: string;
  codeChallenge: string;
}

/**
 * The authorization request sent upstream (OIDC Core §3.1.2.1): code flow with PKCE S256
 * (RFC 7636 §4.3), state and nonce. A re-authentication the RP asked of this server
 * (prompt=login, max_age) is asked of the upstream too, or the upstream's session would
 * stand in for the fresh sign-in the RP wanted.
 */
export function upstreamAuthorizationParameters(
  scopes: readonly string[],
  redirectUri: string,
  secrets: UpstreamLoginSecrets,
  request: DownstreamRequest,
): Record<string, string> {
  const params: Record<string, string> = {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: secrets.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (request.prompt.includes('login')) params.prompt = 'login';
  if (request.maxAge !== undefined) params.max_age = String(request.maxAge);
  if (request.uiLocales?.length) params.ui_locales = request.uiLocales.join(' ');
  return params;
}
