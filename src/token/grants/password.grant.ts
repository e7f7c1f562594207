import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { TokenConfig } from '../../config/token.config';
import { PasswordLoginService } from '../../users/password-login.service';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { TokenIssuer } from '../issuing/token-issuer';
import type { TokenResponse } from '../issuing/token-response';
import type { GrantHandler, TokenRequestContext } from './grant-handler';
import { offersRefreshToken } from './refresh-policy';

/**
 * RFC 6749 §4.3, for clients explicitly registered for it (RFC 9700 §2.4 advises against it).
 * Sign-in goes through the same lockout as the login page.
 */
@Injectable()
export class PasswordGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'password',
    label: 'Password (resource owner password credentials)',
    help: 'The application collects the user’s password itself. Legacy only (RFC 9700 §2.4): an operator may allow it, a registering client may not ask for it.',
    needsRedirectUris: false,
    confidentialOnly: false,
    // RFC 9700 §2.4: MUST NOT be used; only an operator's deliberate choice enables it.
    registrable: false,
    yieldsRefreshTokens: true,
    responseTypes: [],
  };
  readonly grantType = PasswordGrant.declaration.grantType;
  readonly parameters = ['username', 'password', 'scope'];

  constructor(
    private readonly logins: PasswordLoginService,
    private readonly grants: AuthorizationGrantService,
    private readonly tokens: TokenIssuer,
    private readonly config: TokenConfig,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const username = params.require('username');
    const password = params.require('password');
    const login = await this.logins.authenticate(username, password, ctx.ip);
    if (!login.ok && login.reason === 'locked')
      throw OAuthErrors.invalidGrant(
        `too many failed sign-ins: the account is temporarily locked, try again in ${login.retryAfterSeconds} seconds`,
      );
    // The same answer for an unknown user, a wrong password and a disabled account.
    if (!login.ok) throw OAuthErrors.invalidGrant('invalid username or password');

    const scope = params.scope ?? client.defaultScopes;
    const now = new Date();
    const grant = await this.grants.create({
      clientId: client.clientId,
      userId: login.user.id,
      scope,
      authTime: now,
      amr: ['pwd'],
      expiresAt: new Date(now.getTime() + this.config.refreshTokenAbsoluteTtl * 1000),
    });
    return this.tokens.issue({
      client,
      scope,
      grant,
      user: login.user,
      refreshTokenScope: offersRefreshToken(client, scope) ? scope : undefined,
      idToken: scope.includes('openid'),
      dpopJkt: ctx.dpopJkt,
    });
  }
}
