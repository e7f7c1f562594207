import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { ClaimsUser } from '../../users/user-claims';
import { hashToken, newOpaqueToken } from '../opaque-token';
import { ResourcePolicy } from '../resources/resource-policy';
import { formatScope } from '../scope/scope-parameter';
import { TokenStore, type NewTokenRow } from '../storage/token.store';
import { AccessTokenIssuer } from './access-token.issuer';
import type { GrantSummary } from './grant-summary';
import { IdTokenIssuer } from './id-token.issuer';
import { TokenLifetimes } from './token-lifetimes';
import type { TokenResponse } from './token-response';
import { TokenConfig } from '../../config/token.config';

export interface IssueTokensRequest {
  client: Client;
  /** The scope granted: the ID token's, and the access token's narrowed to its resources (ResourcePolicy). */
  scope: string[];
  /** RFC 8707 `resource` of the token request, each known and allowed to the client (ResourcePolicy.requestable). */
  resources?: readonly string[];
  /** The user's grant every token is tied to; absent for a client acting for itself. */
  grant?: GrantSummary;
  /** The user, when the caller has it already (saves a lookup for ID token claims). */
  user?: ClaimsUser;
  /** Issue a refresh token with this scope (RFC 6749 §6: a rotated one keeps its predecessor's). */
  refreshTokenScope?: string[];
  /**
   * A refresh token that stays usable (not rotated): given back as it is instead of a new one
   * (refreshTokenScope is then not used).
   */
  keptRefreshToken?: string;
  /** Issue an ID token (needs a grant with a user). */
  idToken?: boolean;
  nonce?: string | null;
  /** RFC 9449: the token request's DPoP key thumbprint; the access token is bound to it. */
  dpopJkt?: string;
}

/**
 * Issues the tokens of one token response: the access token, optionally a refresh token and an
 * ID token, with every stored token written in a single INSERT.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly store: TokenStore,
    private readonly lifetimes: TokenLifetimes,
    private readonly resources: ResourcePolicy,
    private readonly config: TokenConfig,
  ) {}

  async issue(request: IssueTokensRequest): Promise<TokenResponse> {
    const { client, scope, grant } = request;
    const { dpopJkt } = request;
    // RFC 8707: the access token is for the resources asked for (or authorized), with their scopes only.
    const { scope: accessScope, ...target } = await this.resources.target({
      client,
      scope,
      requested: request.resources ?? [],
      granted: grant?.resources,
    });
    const accessToken = await this.accessTokens.mint({ client, scope: accessScope, grant, dpopJkt, target });
    const rows: NewTokenRow[] = accessToken.row ? [accessToken.row] : [];
    const response: TokenResponse = {
      access_token: accessToken.value,
      token_type: dpopJkt === undefined ? 'Bearer' : 'DPoP',
      expires_in: accessToken.expiresIn,
    };
    // RFC 6749 §5.1: the scope of the access token.
    if (accessScope.length > 0) response.scope = formatScope(accessScope);

    if (request.refreshTokenScope && grant) {
      const refreshToken = newOpaqueToken();
      rows.push({
        tokenHash: hashToken(refreshToken),
        kind: 'refresh_token',
        grantId: grant.id,
        clientId: client.clientId,
        userId: grant.userId,
        scope: request.refreshTokenScope,
        // RFC 8707 §2.2: a refresh token is for every resource of its grant (kept on the grant), not one.
        audience: [],
        expiresAt: this.refreshTokenExpiry(client, grant),
        // RFC 9449 §5: a public client's refresh token is bound to its DPoP key; a confidential
        // client's is not, its client authentication already ties it to the client.
        dpopJkt: client.isPublic ? (dpopJkt ?? null) : null,
      });
      response.refresh_token = refreshToken;
    } else if (request.keptRefreshToken !== undefined) {
      // RFC 6749 §6: the client keeps using it; said again for libraries that expect one in every answer.
      response.refresh_token = request.keptRefreshToken;
    }

    if (request.idToken && grant?.userId) {
      response.id_token = await this.idTokens.issue({
        client,
        userId: grant.userId,
        user: request.user,
        scope,
        authTime: grant.authTime,
        amr: grant.amr,
        sessionId: grant.sessionId,
        grantId: grant.id,
        nonce: request.nonce,
        claims: grant.claims,
        accessToken: accessToken.value,
        scopeClaims: this.config.idTokenScopeClaims === 'always' ? true : undefined,
      });
    }

    await this.store.insert(rows);
    return response;
  }

  /** Sliding expiry, never past the grant's absolute end. */
  private refreshTokenExpiry(client: Client, grant: GrantSummary): Date {
    const sliding = Date.now() + this.lifetimes.refreshToken(client) * 1000;
    const end = grant.expiresAt ?? this.lifetimes.grantEnd(grant.createdAt);
    return new Date(Math.min(sliding, end.getTime()));
  }
}
