import { Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { TokenTypeUri } from '../../clients/token-exchange-policy';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { SigningKeyService } from '../../keys/signing-key.service';
import { JwtAssertionVerifier } from '../../trusted-issuers/jwt-assertion.verifier';
import { UsersService } from '../../users/users.service';
import { AccessTokenVerifier } from '../access-token.verifier';
import { TOKEN_PATH } from '../endpoint/token-request.pipeline';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { JWT_ACCESS_TOKEN_TYPE } from '../issuing/access-token.issuer';
import { grantIdOfIdToken } from '../issuing/id-token-jti';
import { hashToken } from '../opaque-token';
import { RefreshTokenStore } from '../storage/refresh-token.store';
import { readActorClaim } from './actor-claim';
import type { PresentedToken, TokenParameter } from './presented-token';

export type TokenRole = 'subject_token' | 'actor_token';

// ID tokens are signed with typ JWT; this keeps access tokens (at+jwt) and other JWTs out.
const ID_TOKEN_TYPE = 'JWT';

const refused = (role: TokenRole, why: string) => OAuthErrors.invalidRequest(`the ${role} ${why}`);

/**
 * Checks a subject or actor token by its declared type. RFC 8693 §2.2.2: a token that is invalid
 * or unacceptable is invalid_request. Accepted are this server's live access tokens (opaque or JWT,
 * whatever their aud), the client's own live refresh tokens, ID tokens this server issued to the
 * client, and as `jwt` either of this server's JWTs or one from a trusted issuer (RFC 7523 rules,
 * its jti then spent).
 */
@Injectable()
export class PresentedTokenValidator {
  private readonly assertionAudience: string[];

  constructor(
    private readonly accessTokens: AccessTokenVerifier,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly grants: AuthorizationGrantService,
    private readonly keys: SigningKeyService,
    private readonly users: UsersService,
    private readonly assertions: JwtAssertionVerifier,
    private readonly config: AppConfig,
    private readonly subjects: SubjectIdentifiers,
  ) {
    this.assertionAudience = [`${config.issuer}${TOKEN_PATH}`, config.issuer];
  }

  validate(presented: TokenParameter, role: TokenRole, client: Client): Promise<PresentedToken> {
    switch (presented.type) {
      case TokenTypeUri.AccessToken:
        return this.accessToken(presented.token, role);
      case TokenTypeUri.RefreshToken:
        return this.refreshToken(presented.token, role, client);
      case TokenTypeUri.IdToken:
        return this.idToken(presented.token, role, client);
      case TokenTypeUri.Jwt:
        return this.jwt(presented.token, role, client);
    }
  }

  private async accessToken(token: string, role: TokenRole): Promise<PresentedToken> {
    const verified = await this.accessTokens.find(token, { anyAudience: true });
    if (!verified) throw refused(role, 'is invalid, expired or revoked');
    return {
      userId: verified.userId,
      clientId: verified.clientId,
      scope: verified.scope,
      grantId: verified.grantId,
      authTime: verified.authTime,
      expiresAt: verified.expiresAt,
      act: verified.format === 'jwt' ? readActorClaim(decodeJwt(token).act) : undefined,
      dpopJkt: verified.dpopJkt,
    };
  }

  private async refreshToken(token: string, role: TokenRole, client: Client): Promise<PresentedToken> {
    const found = await this.refreshTokens.findActive(hashToken(token));
    // A refresh token is a credential of the client it was issued to, and of no other (RFC 6749 §6).
    if (found?.clientId !== client.clientId) throw refused(role, 'is invalid, expired or revoked');
    return {
      userId: found.grant.userId,
      clientId: found.clientId,
      scope: found.scope,
      grantId: found.grant.id,
      authTime: found.grant.authTime,
      expiresAt: found.expiresAt,
      dpopJkt: found.dpopJkt,
    };
  }

  /**
   * OIDC Core §2: an ID token speaks to its audience, so only a client it was issued to may present
   * it. It stands for the grant it was issued in (named in its jti): RFC 8693 §2.1 lets the exchange
   * narrow, never widen, so that grant's scope bounds the new token, which belongs to the grant and
   * dies with it; an ID token whose grant is revoked or gone is exchangeable no more.
   */
  private async idToken(token: string, role: TokenRole, client: Client): Promise<PresentedToken> {
    let payload: JWTPayload;
    try {
      payload = await this.keys.verify(token, {
        typ: ID_TOKEN_TYPE,
        audience: client.clientId,
        requiredClaims: ['sub', 'exp'],
      });
    } catch (error) {
      if (error instanceof OAuthError && error.error === 'invalid_token')
        throw refused(role, `is not an ID token this server issued to this client: ${error.errorDescription}`);
      throw error;
    }
    if (typeof payload.azp === 'string' && payload.azp !== client.clientId)
      throw refused(role, 'was issued to another client (azp)');
    // The user is the grant's: a pairwise sub (OIDC Core §8) names no one by itself.
    const grantId = grantIdOfIdToken(payload);
    const grant = grantId === null ? null : await this.grants.findActive(grantId);
    if (
      !grant?.userId ||
      grant.clientId !== client.clientId ||
      // The sub the client knows the user by, or their own id in one issued while the client was public.
      (payload.sub !== grant.userId && !this.subjects.isSubjectOf(client, String(payload.sub), grant.userId))
    )
      throw refused(role, 'belongs to no active grant');
    const user = await this.users.findById(grant.userId);
    if (!user || user.disabled) throw refused(role, 'names a user who can no longer sign in');
    return {
      userId: user.id,
      clientId: client.clientId,
      scope: grant.scope,
      grantId: grant.id,
      authTime: typeof payload.auth_time === 'number' ? new Date(payload.auth_time * 1000) : null,
      expiresAt: new Date(payload.exp! * 1000),
      dpopJkt: null,
    };
  }

  private async jwt(token: string, role: TokenRole, client: Client): Promise<PresentedToken> {
    let iss: unknown;
    let typ: unknown;
    try {
      iss = decodeJwt(token).iss;
      typ = decodeProtectedHeader(token).typ;
    } catch {
      throw refused(role, 'is not a JWT');
    }
    if (iss !== this.config.issuer) return this.externalJwt(token, role, client);
    return typ === JWT_ACCESS_TOKEN_TYPE ? this.accessToken(token, role) : this.idToken(token, role, client);
  }

  private async externalJwt(token: string, role: TokenRole, client: Client): Promise<PresentedToken> {
    try {
      const { issuer, user, expiresAt } = await this.assertions.verify(token, client.clientId, this.assertionAudience);
      // The issuer's allowed scopes bound what its JWT may be exchanged for.
      return {
        userId: user.id,
        clientId: null,
        scope: issuer.allowedScopes,
        grantId: null,
        authTime: null,
        expiresAt,
        dpopJkt: null,
      };
    } catch (error) {
      if (error instanceof OAuthError && ['invalid_grant', 'unauthorized_client'].includes(error.error))
        throw refused(role, `was refused: ${error.errorDescription}`);
      throw error;
    }
  }
}
