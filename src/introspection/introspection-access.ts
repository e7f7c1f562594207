import type { Client } from '../clients/client.entity';
import type { IntrospectedToken } from './introspected-token';

export type IntrospectingClient = Pick<Client, 'clientId' | 'isResourceServer' | 'isPublic'>;

/**
 * RFC 7662 §4: the server decides whom it tells about a token; everyone else is told it is
 * inactive. A client may always ask about its own tokens. Resource servers, and the clients a
 * token is meant for (its audience), may ask about access tokens issued to others; a public
 * client proves no identity, so it may ask about its own only. Refresh tokens are never meant
 * for a resource server (RFC 6749 §1.5), so only their own client learns about them.
 *
 * `introspectsFor`: the API resources the caller introspects for. Such a resource server is told
 * only of tokens whose aud names one of them (RFC 8707 §2, RFC 9068 §4: a token for resource A
 * is not good at resource B), whatever its is_resource_server flag, which lets a resource server
 * not yet defined as an API resource see every access token.
 */
export function mayIntrospect(
  caller: IntrospectingClient,
  token: IntrospectedToken,
  introspectsFor: readonly string[] = [],
): boolean {
  if (token.clientId === caller.clientId) return true;
  if (token.kind !== 'access_token' || caller.isPublic) return false;
  if (introspectsFor.length > 0)
    return token.audience.some((aud) => aud === caller.clientId || introspectsFor.includes(aud));
  return caller.isResourceServer || token.audience.includes(caller.clientId);
}
