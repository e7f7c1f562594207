import { randomBytes } from 'node:crypto';
import { acrOf } from '../../authenticators/acr';
import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { AppConfig } from '../../config/app-config';
import { SigningKeyService } from '../../keys/signing-key.service';
import { ScopesService } from '../../scopes/scopes.service';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import { hashToken, newOpaqueToken } from '../opaque-token';
import { formatScope } from '../scope/scope-parameter';
import type { AccessTokenTarget } from '../resources/access-token-target';
import type { NewTokenRow } from '../storage/token.store';
import type { GrantSummary } from './grant-summary';
import { TokenLifetimes } from './token-lifetimes';

/** RFC 9068 §2.1: the JWS typ of a JWT access token. */
export const JWT_ACCESS_TOKEN_TYPE = 'at+jwt';
/** Private claim tying a JWT access token to its grant, so revoking the grant reaches it too. */
export const GRANT_ID_CLAIM = 'grant_id';

export interface AccessTokenRequest {
  client: Client;
  scope: string[];
  /** The user's grant; absent when the client acts for itself (client credentials). */
  grant?: GrantSummary;
  /** RFC 9449 §6: the thumbprint of the DPoP key to bind the token to. */
  dpopJkt?: string;
  /** RFC 8707: the resources the token is for, with their format and lifetime; absent: this server. */
  target?: Omit<AccessTokenTarget, 'scope'>;
}

export interface MintedAccessToken {
  value: string;
  expiresIn: number;
  /** The row to store for an opaque token; a JWT access token is not stored. */
  row?: NewTokenRow;
}

/**
 * Makes access tokens: opaque by default (stored as a hash), or RFC 9068 JWTs for clients
 * registered with access_token_format jwt. Storing is left to the caller, so every token of one
 * response is written in one statement.
 */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly lifetimes: TokenLifetimes,
    private readonly config: AppConfig,
    private readonly scopes: ScopesService,
    private readonly access: AccessClaimsService,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  async mint({ client, scope, grant, dpopJkt, target }: AccessTokenRequest): Promise<MintedAccessToken> {
    const expiresIn = target?.expiresIn ?? this.lifetimes.accessToken(client);
    const audience = target?.audience ?? [];
    if ((target?.format ?? client.accessTokenFormat) === 'jwt') {
      const claims = {
        ...(await this.accessClaims(client, scope, grant)),
        ...this.jwtClaims(client, scope, expiresIn, audience, grant),
      };
      // RFC 9449 §6.1: the confirmation claim names the key the token is bound to.
      if (dpopJkt !== undefined) claims.cnf = { jkt: dpopJkt };
      return { value: await this.keys.sign(claims, { typ: JWT_ACCESS_TOKEN_TYPE }), expiresIn };
    }
    const value = newOpaqueToken();
    return {
      value,
      expiresIn,
      row: {
        tokenHash: hashToken(value),
        kind: 'access_token',
        grantId: grant?.id ?? null,
        clientId: client.clientId,
        userId: grant?.userId ?? null,
        scope,
        audience,
        expiresAt: new Date(Date.now() + expiresIn * 1000),
        dpopJkt: dpopJkt ?? null,
      },
    };
  }

  /** RFC 9068 §2.3: the groups and roles of the user, when the granted scopes carry them and the client wants them here. */
  private async accessClaims(client: Client, scope: string[], grant?: GrantSummary): Promise<Record<string, unknown>> {
    const mapped = await this.access.mapped({
      clientId: client.clientId,
      userId: grant?.userId ?? null,
      scope,
      target: 'access_token',
    });
    if (!grant?.userId) return mapped;
    const claimNames = await this.scopes.claimsFor(scope);
    const access = await this.access.release({
      userId: grant.userId,
      clientId: client.clientId,
      claimNames,
      target: 'access_token',
    });
    return { ...mapped, ...access };
  }

  /**
   * RFC 9068 §2.2; sub is the client itself when no user is involved (§2.2 and RFC 6749 §4.4), and
   * otherwise the user as the client knows them (OIDC Core §8; RFC 9068 §6): a pairwise client
   * must not read the user's own id in its tokens (grant_id lets AccessTokenVerifier find the
   * user); aud the resources the token is for (RFC 8707 §2), else this server.
   */
  private jwtClaims(
    client: Client,
    scope: string[],
    expiresIn: number,
    audience: readonly string[],
    grant?: GrantSummary,
  ): JWTPayload {
    const iat = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      sub: grant?.userId ? this.subjects.of(client, grant.userId) : client.clientId,
      aud: audience.length === 0 ? this.config.issuer : audience.length === 1 ? audience[0] : [...audience],
      client_id: client.clientId,
      scope: formatScope(scope),
      jti: randomBytes(16).toString('base64url'),
      iat,
      exp: iat + expiresIn,
    };
    if (grant?.authTime) claims.auth_time = Math.floor(grant.authTime.getTime() / 1000);
    // RFC 9068 §2.2.1: how the user signed in, for a resource server checking the level offline.
    if (grant?.userId && grant.amr.length > 0) {
      claims.acr = acrOf(grant.amr);
      claims.amr = [...grant.amr];
    }
    if (grant) claims[GRANT_ID_CLAIM] = grant.id;
    return claims;
  }
}
