import { errors } from 'jose';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';

/**
 * Why jose refused an assertion, as an RFC 7523 §3.1 invalid_grant a client can act on. Keys
 * that could not be fetched are the issuer's trouble, not the assertion's: temporarily_unavailable
 * (503), so the client retries rather than drops a good assertion.
 */
export function assertionRejection(error: unknown): OAuthError {
  if (error instanceof errors.JWKSTimeout || isFetchFailure(error) || isKeySetFailure(error))
    return OAuthErrors.temporarilyUnavailable("the issuer's keys could not be fetched; try again later");
  // WebCrypto refused to import one of the issuer's keys (one stored before keys were checked).
  if (error instanceof DOMException && error.name === 'DataError')
    return OAuthErrors.invalidGrant("the assertion's signature does not verify with the issuer's keys");
  if (!(error instanceof errors.JOSEError)) throw error;
  return OAuthErrors.invalidGrant(describe(error));
}

function describe(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'the assertion has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the assertion has no "${error.claim}" claim`;
    if (error.claim === 'aud') return 'the assertion is not meant for this server (aud)';
    if (error.claim === 'nbf') return 'the assertion is not valid yet (nbf)';
    return `the assertion's "${error.claim}" claim is invalid`;
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  )
    return "the assertion's signature does not verify with the issuer's keys";
  return 'the assertion is not a well-formed signed JWT';
}

/** fetch() itself failed: connection refused, DNS, TLS. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

/** The jwks_uri answered, but not with a JWK Set (jose throws its base class or JWKSInvalid). */
function isKeySetFailure(error: unknown): boolean {
  return error instanceof errors.JWKSInvalid || (error instanceof Error && error.constructor === errors.JOSEError);
}
