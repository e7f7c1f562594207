import { Injectable } from '@nestjs/common';
import { AMR } from '../../authenticators/acr';
import { secondFactorRule, type SecondFactorRule } from '../../authenticators/second-factor-requirement';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { TokenConfig } from '../../config/token.config';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import { EnrolledSecondFactors } from '../../users/enrolled-second-factors';
import { PasswordLoginService } from '../../users/password-login.service';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import type { User } from '../../users/user.entity';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { TokenIssuer } from '../issuing/token-issuer';
import { ResourcePolicy } from '../resources/resource-policy';
import type { TokenResponse } from '../issuing/token-response';
import type { GrantHandler, TokenRequestContext } from './grant-handler';
import { offersRefreshToken } from './refresh-policy';

const BROWSER = 'which the password grant cannot carry: sign in through the browser instead';
/** Why the password grant cannot sign this user in: a password is one factor only. */
const SECOND_FACTOR_REFUSALS: Record<SecondFactorRule | 'enrolled', string> = {
  client: `this client requires a second factor, ${BROWSER}`,
  'all-users': `every sign-in requires a second factor, ${BROWSER}`,
  admins: `administrators must sign in with a second factor, ${BROWSER}`,
  enrolled: `the account has a second factor, ${BROWSER}`,
};

/**
 * RFC 6749 §4.3, for clients explicitly registered for it (RFC 9700 §2.4 advises against it).
 * Sign-in goes through the same lockout as the login page. A password is one factor, so the
 * grant refuses whoever must use a second one (docs/second-factors.md).
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
  readonly parameters = ['username', 'password', 'scope', 'resource'];

  constructor(
    private readonly logins: PasswordLoginService,
    private readonly grants: AuthorizationGrantService,
    private readonly tokens: TokenIssuer,
    private readonly config: TokenConfig,
    private readonly settings: AccountSettingsService,
    private readonly enrolledFactors: EnrolledSecondFactors,
    private readonly access: AccessClaimsService,
    private readonly resources: ResourcePolicy,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const username = params.require('username');
    const password = params.require('password');
    // RFC 8707: with resources named, only their scopes (and this server's), one at least for
    // each; refused before the password is checked, so a refusal spends no attempt.
    const scope = await this.resources.scopeFor(params.resources, params.scope ?? client.defaultScopes);
    // Refused before the password is checked when it holds for everyone: no password oracle then.
    await this.refuseIfSecondFactorDue(client);
    const login = await this.logins.authenticate(username, password, ctx.ip);
    if (!login.ok && login.reason === 'locked')
      throw OAuthErrors.invalidGrant(
        `too many failed sign-ins: the account is temporarily locked, try again in ${login.retryAfterSeconds} seconds`,
      );
    // The same answer for an unknown user, a wrong password and a disabled account.
    if (!login.ok) throw OAuthErrors.invalidGrant('invalid username or password');
    await this.refuseIfSecondFactorDue(client, login.user);

    const now = new Date();
    const grant = await this.grants.create({
      clientId: client.clientId,
      userId: login.user.id,
      scope,
      resources: params.resources,
      authTime: now,
      amr: [AMR.password],
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

  /**
   * invalid_grant when this sign-in needs a second factor, which a token request cannot carry.
   * Without `user`, only what holds for every user of the client is checked.
   */
  private async refuseIfSecondFactorDue(client: Client, user?: User): Promise<void> {
    const rule = await secondFactorRule({
      clientRequiresMfa: client.requireMfa,
      mfaRequired: (await this.settings.get()).mfaRequired,
      userRoles: async () => (user ? [...user.roles, ...(await this.access.effectiveAccess(user.id)).roles] : []),
    });
    if (rule) throw OAuthErrors.invalidGrant(SECOND_FACTOR_REFUSALS[rule]);
    if (user && (await this.enrolledFactors.of(user.id)).length > 0)
      throw OAuthErrors.invalidGrant(SECOND_FACTOR_REFUSALS.enrolled);
  }
}
