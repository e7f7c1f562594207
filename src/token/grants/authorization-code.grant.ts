import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AuthorizationCodeService } from '../authorization-code.service';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import type { AuthorizationCode } from '../entities/authorization-code.entity';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { TokenIssuer } from '../issuing/token-issuer';
import type { TokenResponse } from '../issuing/token-response';
import type { GrantHandler, TokenRequestContext } from './grant-handler';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { codeVerifierMatches, isWellFormedCodeVerifier } from './pkce';
import { offersRefreshToken } from './refresh-policy';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5–4.6) and OIDC Core §3.1.3. */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'authorization_code',
    label: 'Authorization code',
    help: 'Users sign in through the browser. The usual choice for web, single-page and native apps.',
    needsRedirectUris: true,
    confidentialOnly: false,
    registrable: true,
    yieldsRefreshTokens: true,
    // OIDC Core §3.1 (code) and §3.3 (hybrid: the code comes with front-channel tokens); none
    // (Multiple Response Types §4) is the code flow's sign-in and consent without the code.
    responseTypes: ['code', 'code id_token', 'code token', 'code id_token token', 'none'],
  };
  readonly grantType = AuthorizationCodeGrant.declaration.grantType;
  readonly parameters = ['code', 'redirect_uri', 'code_verifier', 'resource'];

  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly grants: AuthorizationGrantService,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const value = params.require('code');
    const verifier = params.get('code_verifier');
    if (verifier !== undefined && !isWellFormedCodeVerifier(verifier))
      throw OAuthErrors.invalidRequest('code_verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)');

    const redeemed = await this.codes.redeem(value, client.clientId);
    if (redeemed.status === 'invalid') throw OAuthErrors.invalidGrant('the authorization code is invalid or expired');
    if (redeemed.status === 'foreign')
      throw OAuthErrors.invalidGrant('the authorization code was issued to another client');
    if (redeemed.status === 'replayed') {
      // RFC 6749 §4.1.2: a code used twice revokes what was issued with it.
      await this.grants.revoke(redeemed.code.grantId, 'authorization_code_replay');
      void this.audit.record({
        type: AuditEventType.AuthorizationCodeReplay,
        actor: `client:${client.clientId}`,
        subject: redeemed.code.grantId,
        ip: ctx.ip,
      });
      throw OAuthErrors.invalidGrant('the authorization code was already used; its tokens are revoked');
    }
    const code = redeemed.code;
    assertSameRedirectUri(code, params.get('redirect_uri'));
    assertProofOfPossession(code, verifier);
    // RFC 9449 §10: a code requested with dpop_jkt is redeemed only with a proof by that key.
    if (code.dpopJkt !== null && code.dpopJkt !== ctx.dpopJkt)
      throw OAuthErrors.invalidGrant('the authorization code is bound to another DPoP key (dpop_jkt)');

    // As they stood when the code was consumed: a concurrent replay may revoke the grant since,
    // and then the tokens issued here are revoked with it.
    const { grant, user } = redeemed;
    if (!redeemed.grantActive) throw OAuthErrors.invalidGrant('the authorization has been revoked');
    if (!user || user.disabled) throw OAuthErrors.invalidGrant('the user can no longer sign in');

    return this.tokens.issue({
      client,
      scope: code.scope,
      // RFC 8707 §2.2: one (or some) of the resources authorized; none: all of them.
      resources: params.resources,
      // The code records this authorization exactly; the grant may be older (and outlive it).
      grant: {
        ...grant,
        authTime: code.authTime,
        amr: code.amr,
        sessionId: code.sessionId ?? grant.sessionId,
        claims: code.claims ?? grant.claims,
      },
      user,
      refreshTokenScope: offersRefreshToken(client, code.scope) ? code.scope : undefined,
      idToken: code.scope.includes('openid'),
      nonce: code.nonce,
      dpopJkt: ctx.dpopJkt,
    });
  }
}

/** RFC 6749 §4.1.3: redirect_uri is required when the authorization request had one, and must be identical. */
function assertSameRedirectUri(code: AuthorizationCode, redirectUri: string | undefined): void {
  if (!code.redirectUri) return;
  if (redirectUri === undefined)
    throw OAuthErrors.invalidRequest('redirect_uri is required: the authorization request included one');
  if (redirectUri !== code.redirectUri)
    throw OAuthErrors.invalidGrant('redirect_uri does not match the authorization request');
}

/**
 * RFC 7636 §4.6. A verifier sent for a code issued without a challenge is refused too: it means
 * the challenge was stripped from the authorization request (RFC 9700 §2.1.1, PKCE downgrade).
 */
function assertProofOfPossession(code: AuthorizationCode, verifier: string | undefined): void {
  if (!code.codeChallenge) {
    if (verifier !== undefined)
      throw OAuthErrors.invalidGrant('code_verifier was sent but the authorization request had no code_challenge');
    return;
  }
  if (verifier === undefined) throw OAuthErrors.invalidGrant('code_verifier is required (PKCE)');
  if (!codeVerifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod ?? 'plain'))
    throw OAuthErrors.invalidGrant('code_verifier does not match the code_challenge (PKCE)');
}
