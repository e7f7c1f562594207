import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { UsersService } from '../../users/users.service';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { DeviceCodeStore } from '../device-codes/device-code.store';
import { pollOutcome, type DevicePoll } from '../device-codes/device-poll';
import { TokenIssuer } from '../issuing/token-issuer';
import type { TokenResponse } from '../issuing/token-response';
import { hashToken } from '../opaque-token';
import { DEVICE_CODE_GRANT_TYPE } from './device-code.grant-type';
import type { GrantHandler, TokenRequestContext } from './grant-handler';
import { offersRefreshToken } from './refresh-policy';

/**
 * RFC 8628 §3.4–3.5: the device polls with its device code until the user has answered on the
 * verification page. The code is spent by the one poll that finds it approved; the tokens
 * belong to the grant made on approval. Its errors are 400s (RFC 6749 §5.2), access_denied too.
 */
@Injectable()
export class DeviceCodeGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: DEVICE_CODE_GRANT_TYPE,
    label: 'Device code',
    help: 'Sign-in for devices without a browser or keyboard: TVs, command-line tools (RFC 8628).',
    needsRedirectUris: false,
    confidentialOnly: false,
    registrable: true,
    yieldsRefreshTokens: true,
    responseTypes: [],
  };
  readonly grantType = DeviceCodeGrant.declaration.grantType;
  readonly parameters = ['device_code', 'resource'];

  constructor(
    private readonly deviceCodes: DeviceCodeStore,
    private readonly grants: AuthorizationGrantService,
    private readonly users: UsersService,
    private readonly tokens: TokenIssuer,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const poll = await this.deviceCodes.poll(hashToken(params.require('device_code')), client.clientId);
    // An unknown code and another client's read the same (RFC 8628 §3.5 leaves these to RFC 6749 §5.2).
    if (!poll) throw OAuthErrors.invalidGrant('the device code is invalid');
    switch (pollOutcome(poll)) {
      case 'spent':
        throw OAuthErrors.invalidGrant('the device code was already used');
      case 'expired':
        throw OAuthErrors.expiredToken('the device code has expired: start a new device authorization request');
      case 'denied':
        throw OAuthErrors.accessDenied('the user denied the request', { status: 400 });
      case 'slow_down':
        throw OAuthErrors.slowDown(`polling too fast: wait at least ${poll.intervalSeconds} seconds between requests`);
      case 'pending':
        throw OAuthErrors.authorizationPending('the user has not answered yet');
      case 'approved':
        return this.issue(poll, client, params, ctx);
    }
  }

  private async issue(
    poll: DevicePoll,
    client: Client,
    params: TokenRequestParams,
    ctx: TokenRequestContext,
  ): Promise<TokenResponse> {
    const [grant, user] = await Promise.all([
      poll.grantId ? this.grants.findActive(poll.grantId) : null,
      poll.userId ? this.users.findById(poll.userId) : null,
    ]);
    if (!grant) throw OAuthErrors.invalidGrant('the authorization has been revoked');
    if (!user || user.disabled) throw OAuthErrors.invalidGrant('the user can no longer sign in');
    return this.tokens.issue({
      client,
      scope: poll.scope,
      resources: params.resources,
      grant,
      user,
      refreshTokenScope: offersRefreshToken(client, poll.scope) ? poll.scope : undefined,
      idToken: poll.scope.includes('openid'),
      dpopJkt: ctx.dpopJkt,
    });
  }
}
