import { errors } from 'jose';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';

/**
 * A JWT we did not accept, as invalid_token (RFC 6750 §3.1). Callers that need another code
 * (invalid_request for a bad id_token_hint, invalid_grant for an assertion) rethrow with it;
 * the description is safe to show.
 */
export function jwtVerificationError(error: unknown): OAuthError {
  if (!(error instanceof errors.JOSEError)) throw error;
  return OAuthErrors.invalidToken(describe(error));
}

function describe(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'typ' ? 'the token has the wrong type' : `the token's "${error.claim}" claim is invalid`;
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  ) {
    return 'the token was not signed by this server';
  }
  return 'the token is malformed';
}
