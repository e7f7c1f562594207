import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { PresentedToken } from './presented-token';

// No refresh token comes out of an exchange, so offline_access would promise nothing.
const NOT_EXCHANGED = 'offline_access';

/**
 * RFC 8693 §2.1 scope: the new token's scope narrows the subject token's, never widens it
 * (invalid_scope otherwise); without a request it keeps what the client may hold of it. Every
 * subject has a scope to narrow: an ID token's is that of the grant it was issued in, so an ID
 * token is never worth more than what the user allowed.
 */
export function exchangedScope(requested: string[] | undefined, subject: PresentedToken, client: Client): string[] {
  if (requested) {
    const wider = requested.filter((s) => !subject.scope.includes(s));
    if (wider.length > 0) throw OAuthErrors.invalidScope(`scope beyond the subject_token's: ${wider.join(' ')}`);
    return requested.filter((s) => s !== NOT_EXCHANGED);
  }
  return subject.scope.filter((s) => client.allowedScopes.includes(s) && s !== NOT_EXCHANGED);
}
