import { EXCHANGEABLE_TOKEN_TYPES, TokenTypeUri } from '../../clients/token-exchange-policy';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import type { TokenParameter } from './presented-token';

/** The parameters of RFC 8693 §2.1 besides scope, checked for form. */
export interface TokenExchangeRequest {
  subject: TokenParameter;
  /** Present for delegation, absent for impersonation (RFC 8693 §1.1). */
  actor?: TokenParameter;
  /** The audience and resource values: the issued token's aud. */
  targets: string[];
}

export const TOKEN_EXCHANGE_PARAMETERS = [
  'subject_token',
  'subject_token_type',
  'actor_token',
  'actor_token_type',
  'requested_token_type',
  'audience',
  'resource',
  'scope',
];

/**
 * RFC 8693 §2.1. Each parameter may be sent once (the pipeline refuses repeats, RFC 6749 §3.1),
 * so one audience at most; resource may repeat (RFC 8707 §2), each checked for form by the
 * pipeline. Only access tokens are issued: a refresh token could not carry the act and aud of
 * the exchange into the tokens it is later refreshed for.
 */
export function readTokenExchangeRequest(params: TokenRequestParams): TokenExchangeRequest {
  const subject = tokenParameter(params, 'subject_token', params.require('subject_token'));
  const actorToken = params.get('actor_token');
  // RFC 8693 §2.1: actor_token_type is required with actor_token and must not come without it.
  if (actorToken === undefined && params.get('actor_token_type') !== undefined)
    throw OAuthErrors.invalidRequest('actor_token_type must not be sent without actor_token');
  const actor = actorToken === undefined ? undefined : tokenParameter(params, 'actor_token', actorToken);

  const requested = params.get('requested_token_type') ?? TokenTypeUri.AccessToken;
  if (requested !== TokenTypeUri.AccessToken)
    throw OAuthErrors.invalidRequest(
      `requested_token_type ${requested} is not supported: token exchange issues access tokens only`,
    );

  const audience = params.get('audience');
  const targets = [...new Set([...(audience === undefined ? [] : [audience]), ...params.resources])];
  return { subject, actor, targets };
}

function tokenParameter(params: TokenRequestParams, name: string, token: string): TokenParameter {
  const type = params.require(`${name}_type`);
  if (!EXCHANGEABLE_TOKEN_TYPES.includes(type))
    throw OAuthErrors.invalidRequest(`${name}_type ${type} is not supported`);
  return { token, type: type as TokenTypeUri };
}
