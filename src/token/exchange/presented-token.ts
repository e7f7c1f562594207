import type { TokenTypeUri } from '../../clients/token-exchange-policy';
import type { ActorClaim } from './actor-claim';

/** A subject_token or actor_token as sent: the value and what the client says it is. */
export interface TokenParameter {
  token: string;
  type: TokenTypeUri;
}

/** A subject or actor token (RFC 8693 §2.1) that passed validation, in the terms the exchange needs. */
export interface PresentedToken {
  /** The user it stands for; null for a client acting for itself (client credentials). */
  userId: string | null;
  /** The client it was issued to, when it was issued to one. */
  clientId: string | null;
  /** What it may be narrowed from: its own scope, or for an ID token that of the grant it was issued in. */
  scope: string[];
  /** The grant it belongs to: revoking that grant also ends the tokens exchanged for it. */
  grantId: string | null;
  authTime: Date | null;
  expiresAt: Date;
  /** Its own delegation chain, when it was itself obtained by delegation. */
  act?: ActorClaim;
  /** RFC 9449: the key it is bound to; only a request proving that key may exchange it. */
  dpopJkt: string | null;
}
