import type { TokenKind } from '../token/entities/token.entity';
import type { ActorClaim } from '../token/exchange/actor-claim';

/** An active token, opaque or JWT, in the terms introspection reports (RFC 7662 §2.2). */
export interface IntrospectedToken {
  kind: TokenKind;
  clientId: string;
  /** Null when the client acts for itself (client credentials). */
  userId: string | null;
  username: string | null;
  scope: string[];
  /** The token's audience; empty means the issuer's own APIs. */
  audience: string[];
  issuedAt: Date;
  expiresAt: Date;
  /** JWT access tokens only. */
  jti?: string;
  /** RFC 8693 §4.1: who acts for the subject, for tokens obtained by delegation. */
  act?: ActorClaim;
  /** RFC 9449 §6: the DPoP key thumbprint the token is bound to; null for a bearer token. */
  dpopJkt: string | null;
  /** When the user signed in for the token's grant; null without a sign-in. */
  authTime: Date | null;
  /** How the user signed in for the token's grant (RFC 8176); empty without a sign-in. */
  amr: readonly string[];
}
