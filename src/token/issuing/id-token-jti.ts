import { randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { isUUID } from 'class-validator';
import { GRANT_ID_CLAIM } from './access-token.issuer';

/**
 * An ID Token's jti: unique to the token, and naming the grant it was issued in, so that token
 * exchange (RFC 8693) can find the grant of an ID Token presented as subject. Not a claim of its
 * own: the OpenID conformance suite warns about claims outside OIDC Core's list, jti is in it.
 */
export function idTokenJti(grantId: string | null | undefined): string {
  const unique = randomBytes(12).toString('base64url');
  return grantId ? `${grantId}.${unique}` : unique;
}

/** The grant an ID Token names: in its jti, or in the grant_id claim of those issued before 2026-12-06. */
export function grantIdOfIdToken(payload: JWTPayload): string | null {
  const named = typeof payload.jti === 'string' ? payload.jti.split('.')[0] : payload[GRANT_ID_CLAIM];
  return typeof named === 'string' && isUUID(named) ? named : null;
}
