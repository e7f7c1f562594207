import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { TokenIssuer } from '../issuing/token-issuer';
import type { TokenResponse } from '../issuing/token-response';
import { hashToken } from '../opaque-token';
import { ResourcePolicy } from '../resources/resource-policy';
import { RefreshTokenStore } from '../storage/refresh-token.store';
import type { GrantHandler, TokenRequestContext } from './grant-handler';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';

/**
 * RFC 6749 §6 with rotation on every use (RFC 9700 §4.14.2). A refresh token presented after
 * it was rotated is taken as stolen: the whole grant is revoked, every access and refresh token
 * of it. There is no grace window: of concurrent uses of one token exactly one is served, and
 * the others count as reuse, so a client that races itself loses the grant and signs in again.
 * FAPI 2.0 clients are the exception (Security Profile §5.3.2.1: no rotation "except in
 * extraordinary circumstances"): their refresh tokens, sender-constrained by the client's own
 * authentication, stay usable until they expire or the grant is revoked, and come back as they are.
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'refresh_token',
    label: 'Refresh token',
    help: 'The application renews tokens without sending the user back to sign in.',
    needsRedirectUris: false,
    confidentialOnly: false,
    registrable: true,
    // It renews what another grant yielded: beside none of those, it is never usable.
    yieldsRefreshTokens: false,
    responseTypes: [],
  };
  readonly grantType = RefreshTokenGrant.declaration.grantType;
  readonly parameters = ['refresh_token', 'scope', 'resource'];

  constructor(
    private readonly refreshTokens: RefreshTokenStore,
    private readonly grants: AuthorizationGrantService,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
    private readonly resources: ResourcePolicy,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const presented = params.require('refresh_token');
    const tokenHash = hashToken(presented);
    const rotate = !client.fapi2SecurityProfile;
    // RFC 6749 §6: a requested scope may only narrow. Checked by the consuming UPDATE itself, so
    // asking for too much leaves the refresh token usable.
    // RFC 9449 §5: a refresh token bound to a DPoP key is consumed only with a proof by that key.
    // RFC 8707 §2.2: and only for resources its grant covers.
    // Before the token is spent: the new access token's scope must have something for each resource.
    if (params.resources.length > 0) await this.assertScopedBeforeSpending(tokenHash, client, params);
    const consumed = await this.refreshTokens.consume(
      tokenHash,
      client.clientId,
      params.scope,
      ctx.dpopJkt,
      await this.resources.grantedResourcesCheck(params.resources),
      rotate,
    );
    if (!consumed) return this.refuse(tokenHash, client, params, ctx);

    // A scope the client may no longer ask for is not granted again.
    const scope = params.scope ?? consumed.scope.filter((s) => client.allowedScopes.includes(s));
    return this.tokens.issue({
      client,
      scope,
      // RFC 8707 §2.2: an access token for one of the grant's resources; the refresh token keeps them all.
      resources: params.resources,
      grant: consumed.grant,
      user: consumed.user ?? undefined,
      // RFC 6749 §6: the new refresh token has the scope of the one it replaces.
      refreshTokenScope: rotate ? consumed.scope : undefined,
      keptRefreshToken: rotate ? undefined : presented,
      // OIDC Core §12.2: a new ID Token may be returned; it carries no nonce.
      idToken: scope.includes('openid'),
      dpopJkt: ctx.dpopJkt,
    });
  }

  /**
   * With the refresh token still usable: invalid_target for a resource its grant does not cover
   * (as the consuming UPDATE would say), then invalid_scope unless the scope the new access token
   * would carry (the one asked for, else the token's as the client may still have it) has a
   * scope of each resource asked for. Read ahead only when `resource` is sent.
   */
  private async assertScopedBeforeSpending(tokenHash: string, client: Client, params: TokenRequestParams) {
    const stored = await this.refreshTokens.find(tokenHash);
    // Not this client's, no such token, or one already used (reuse detection must see it): the
    // consuming UPDATE refuses it, and refuse() says why.
    if (stored?.clientId !== client.clientId || stored.consumedAt) return;
    const scope = params.scope ?? stored.scope.filter((s) => client.allowedScopes.includes(s));
    await this.resources.assertTargetable(params.resources, stored.resources, scope);
  }

  private async refuse(
    tokenHash: string,
    client: Client,
    { scope, resources }: TokenRequestParams,
    ctx: TokenRequestContext,
  ): Promise<never> {
    const stored = await this.refreshTokens.find(tokenHash);
    if (stored?.clientId !== client.clientId)
      throw OAuthErrors.invalidGrant('the refresh token is invalid, expired or revoked');
    if (stored.consumedAt && stored.grantId) {
      await this.grants.revoke(stored.grantId, 'refresh_token_reuse');
      void this.audit.record({
        type: AuditEventType.RefreshTokenReuse,
        actor: `client:${client.clientId}`,
        subject: stored.grantId,
        ip: ctx.ip,
      });
      throw OAuthErrors.invalidGrant('the refresh token was already used; every token of its grant is revoked');
    }
    if (stored.dpopJkt !== null && stored.dpopJkt !== ctx.dpopJkt)
      throw OAuthErrors.invalidGrant('the refresh token is bound to another DPoP key: send a proof by that key');
    const wider = scope?.filter((s) => !stored.scope.includes(s)) ?? [];
    if (wider.length > 0) throw OAuthErrors.invalidScope(`scope not granted originally: ${wider.join(' ')}`);
    await this.resources.assertWithinGrant(resources, stored.resources, scope ?? stored.scope);
    throw OAuthErrors.invalidGrant('the refresh token is invalid, expired or revoked');
  }
}
