import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';

/** OIDC Back-Channel Logout 1.0 §2.4: the event that makes a JWT a logout token. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** §2.4 (and RFC 8725 §3.11): the typ header that keeps logout tokens apart from ID tokens. */
export const LOGOUT_TOKEN_TYP = 'logout+jwt';
/** Short: a logout token is made for one delivery attempt, the next attempt signs a new one. */
export const LOGOUT_TOKEN_LIFETIME_SECONDS = 120;

export interface LogoutSubject {
  clientId: string;
  /** The browser session, the sid of the ID tokens it gave the client. */
  sid: string;
  /** The user, the sub of those ID tokens. */
  sub: string;
}

/**
 * The claims of a logout token (§2.4): aud is the client, events holds the logout event, sid
 * and sub name the session and the user; never a nonce (§2.4: it MUST NOT contain one, so an
 * ID token cannot be passed off as a logout token). iss is added by the signer.
 */
export function logoutTokenClaims(subject: LogoutSubject, now = Math.floor(Date.now() / 1000)): JWTPayload {
  return {
    aud: subject.clientId,
    iat: now,
    exp: now + LOGOUT_TOKEN_LIFETIME_SECONDS,
    jti: randomUUID(),
    sub: subject.sub,
    sid: subject.sid,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
}
