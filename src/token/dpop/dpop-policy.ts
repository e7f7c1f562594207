import type { Client } from '../../clients/client.entity';

/**
 * Which clients' token requests must carry a DPoP proof: RFC 9449 §5.2 dpop_bound_access_tokens,
 * and FAPI 2.0 Security Profile §5.3.2.1 clients, whose access tokens must be sender-constrained
 * (DPoP is this server's way: no mTLS behind its ingress, docs/security.md).
 */
export function requiresDpop(client: Client): boolean {
  return client.dpopBoundAccessTokens || client.fapi2SecurityProfile;
}
