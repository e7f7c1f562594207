import { OAuthErrors } from '../../common/errors/oauth-error';

// RFC 7638 SHA-256 thumbprint, base64url without padding: 43 characters.
const JKT = /^[A-Za-z0-9_-]{43}$/;

/**
 * RFC 9449 §10 dpop_jkt: the thumbprint of the DPoP key the client will redeem the code with.
 * The code is then bound to it (AuthorizationCodeGrant refuses a proof by another key).
 */
export function checkDpopJkt(value: string | undefined): string | undefined {
  if (value !== undefined && !JKT.test(value))
    throw OAuthErrors.invalidRequest('dpop_jkt must be the base64url SHA-256 thumbprint of a JWK (RFC 7638)');
  return value;
}
