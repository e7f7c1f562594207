import type { TokenExchangePolicy } from '../../clients/token-exchange-policy';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { TokenExchangeRequest } from './token-exchange-request';

/**
 * Whether the client's policy allows this exchange, before any token is looked at. What the client
 * may not do is unauthorized_client (RFC 6749 §5.2); a target it may not ask for is invalid_target
 * (RFC 8693 §2.2.2).
 */
export function assertExchangeAllowed(policy: TokenExchangePolicy | null, request: TokenExchangeRequest): void {
  if (!policy) throw OAuthErrors.unauthorizedClient('this client has no token exchange policy');
  if (!policy.allowedSubjectTokenTypes.includes(request.subject.type))
    throw OAuthErrors.unauthorizedClient(`this client may not exchange subject tokens of type ${request.subject.type}`);
  if (request.actor && !policy.allowDelegation)
    throw OAuthErrors.unauthorizedClient('this client may not exchange tokens by delegation (with an actor_token)');
  if (!request.actor && !policy.allowImpersonation)
    throw OAuthErrors.unauthorizedClient(
      'this client may not exchange tokens by impersonation (without an actor_token)',
    );
  const refused = request.targets.filter((t) => !policy.allowedAudiences.includes(t));
  if (refused.length > 0)
    throw OAuthErrors.invalidTarget(`this client may not ask for tokens for ${refused.join(', ')}`);
}
