import type { AccessTokenFormat } from '../../clients/client.entity';

/**
 * What one access token is for (RFC 8707): its audience, the scope it carries, and the format
 * and lifetime its resources ask for. No audience: a token for this server, as without resource
 * indicators, with the whole scope and the client's format and lifetime.
 */
export interface AccessTokenTarget {
  /** The resource identifiers, the token's aud; empty: this server (aud is the issuer). */
  audience: string[];
  scope: string[];
  format?: AccessTokenFormat;
  /** Seconds. */
  expiresIn?: number;
}
