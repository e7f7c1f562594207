import { acrOf } from '../authenticators/acr';
import type { ActorClaim } from '../token/exchange/actor-claim';
import { formatScope } from '../token/scope/scope-parameter';
import type { IntrospectedToken } from './introspected-token';

/** RFC 7662 §2.2: the response about a token that is active. */
export interface ActiveTokenIntrospection {
  active: true;
  scope?: string;
  client_id: string;
  username?: string;
  /** RFC 9449 §6.2: DPoP for a token bound to a DPoP key. */
  token_type?: 'Bearer' | 'DPoP';
  exp: number;
  iat: number;
  nbf: number;
  sub: string;
  aud: string | string[];
  iss: string;
  jti?: string;
  act?: ActorClaim;
  /** RFC 9449 §6.2: the confirmation of the key a DPoP-bound token is bound to. */
  cnf?: { jkt: string };
  /** RFC 9470 §6.2: the level the user's sign-in reached (src/authenticators/acr.ts). */
  acr?: string;
  /** RFC 9470 §6.2: when the user signed in (seconds since the epoch). */
  auth_time?: number;
}

export type TokenIntrospection = ActiveTokenIntrospection | { active: false };

/**
 * RFC 7662 §2.2: nothing but `active: false` for a token that is unknown, expired, revoked or
 * not the caller's to see, so the answer reveals nothing more about it.
 */
export const INACTIVE: TokenIntrospection = Object.freeze({ active: false as const });

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The fields an RFC 9068 JWT access token would carry: sub is the user, or the client itself
 * for client credentials; aud defaults to the issuer. token_type is an access token type
 * (RFC 6749 §7.1), so it is left out for refresh tokens.
 */
export function activeTokenIntrospection(token: IntrospectedToken, issuer: string): ActiveTokenIntrospection {
  const audience = token.audience.length > 0 ? token.audience : [issuer];
  const iat = seconds(token.issuedAt);
  const response: ActiveTokenIntrospection = {
    active: true,
    client_id: token.clientId,
    exp: seconds(token.expiresAt),
    iat,
    nbf: iat,
    sub: token.userId ?? token.clientId,
    aud: audience.length === 1 ? audience[0] : audience,
    iss: issuer,
  };
  if (token.scope.length > 0) response.scope = formatScope(token.scope);
  if (token.username !== null) response.username = token.username;
  if (token.kind === 'access_token') response.token_type = token.dpopJkt === null ? 'Bearer' : 'DPoP';
  // RFC 9449 §6.2: a resource server learns from introspection which key the token is bound to.
  if (token.dpopJkt !== null) response.cnf = { jkt: token.dpopJkt };
  if (token.jti !== undefined) response.jti = token.jti;
  // RFC 8693 §2.2.1 and §4.1: introspection shows the delegation a token carries.
  if (token.act !== undefined) response.act = token.act;
  // RFC 9470 §6.2: a resource server can ask for a step-up when the sign-in behind the token is
  // too weak or too old. The level reached, not the one the client asked for: levels nest, so a
  // resource server compares it with what it needs (meetsAcr).
  if (token.userId !== null && token.amr.length > 0) response.acr = acrOf(token.amr);
  if (token.userId !== null && token.authTime !== null) response.auth_time = seconds(token.authTime);
  return response;
}
