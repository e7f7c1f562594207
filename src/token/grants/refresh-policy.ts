import type { Client } from '../../clients/client.entity';

/**
 * A refresh token is issued when the user granted offline_access (OIDC Core §11) and the client
 * is registered for the refresh_token grant.
 */
export function offersRefreshToken(client: Client, scope: readonly string[]): boolean {
  return scope.includes('offline_access') && client.grantTypes.includes('refresh_token');
}
