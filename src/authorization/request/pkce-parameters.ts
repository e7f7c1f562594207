import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';

// RFC 7636 §4.2: code-challenge = 43*128unreserved
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

export interface PkceParameters {
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/**
 * RFC 7636 §4.3 and §4.4.1. PKCE is required of public clients (RFC 9700 §2.1.1) and of any
 * client registered with requirePkce; `plain` only for clients explicitly allowed it.
 */
export function checkPkce(client: Client, challenge: string | undefined, method: string | undefined): PkceParameters {
  if (challenge === undefined) {
    if (method !== undefined) throw OAuthErrors.invalidRequest('code_challenge_method given without code_challenge');
    if (client.tokenEndpointAuthMethod === 'none' || client.requirePkce)
      throw OAuthErrors.invalidRequest('code_challenge is required (PKCE, RFC 7636)');
    return {};
  }
  // RFC 7636 §4.3: the method defaults to plain when absent.
  const effective = method ?? 'plain';
  if (effective !== 'S256' && effective !== 'plain')
    throw OAuthErrors.invalidRequest(`code_challenge_method ${effective} is not supported; use S256`);
  if (effective === 'plain' && !client.allowPlainPkce)
    throw OAuthErrors.invalidRequest('code_challenge_method plain is not allowed for this client; use S256');
  if (!CODE_CHALLENGE.test(challenge))
    throw OAuthErrors.invalidRequest('code_challenge must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]');
  return { codeChallenge: challenge, codeChallengeMethod: effective };
}
