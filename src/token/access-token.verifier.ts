import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';
import { AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-statement';
import { SigningKeyService } from '../keys/signing-key.service';
import type { ClaimsRequest } from './claims-request';
import { GRANT_ID_CLAIM, JWT_ACCESS_TOKEN_TYPE } from './issuing/access-token.issuer';
import { hashToken } from './opaque-token';
import { parseScope } from './scope/scope-parameter';

/** An access token this server issued and that is still good. */
export interface VerifiedAccessToken {
  format: 'opaque' | 'jwt';
  clientId: string;
  /** Null when the client acts for itself (client credentials). */
  userId: string | null;
  scope: string[];
  grantId: string | null;
  /** The OIDC claims request parameter kept on the grant. */
  claims: ClaimsRequest | null;
  issuedAt: Date;
  expiresAt: Date;
  authTime: Date | null;
  /** JWT access tokens only. */
  jti?: string;
}

export interface AccessTokenChecks {
  /**
   * Accept a JWT access token whatever its aud. Token exchange (RFC 8693) issues tokens for other
   * audiences; this server still answers for them (introspection, revocation, a further exchange),
   * but as a resource server of its own (userinfo, admin API) it takes only tokens meant for it.
   */
  anyAudience?: boolean;
}

interface OpaqueRow {
  client_id: string;
  user_id: string | null;
  scope: string[];
  grant_id: string | null;
  claims: ClaimsRequest | null;
  auth_time: Date | null;
  created_at: Date;
  expires_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Opaque tokens here are base64url without dots, so three dot-separated parts mean a JWT (JWS compact form). */
export const looksLikeJwt = (token: string) => token.split('.').length === 3;

/**
 * Finds a valid access token, for userinfo, introspection and revocation. Valid means: issued here,
 * unexpired, not revoked itself, its grant not revoked, its client still registered and its user
 * not disabled. For an opaque token that is one indexed query; a JWT is verified by signature
 * and then checked with one query as well, so revoking a grant reaches its JWTs at once, and so
 * does revoking the JWT itself (its jti in revoked_jtis, until it expires).
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: SigningKeyService,
    private readonly config: AppConfig,
  ) {}

  /** The token, or an invalid_token OAuthError (RFC 6750 §3.1). */
  async verify(token: string, checks: AccessTokenChecks = {}): Promise<VerifiedAccessToken> {
    const found = looksLikeJwt(token) ? await this.verifyJwt(token, checks) : await this.findOpaque(token);
    if (!found) throw OAuthErrors.invalidToken('the access token is invalid, expired or revoked');
    return found;
  }

  /** The token, or null when it is not (or no longer) valid. */
  async find(token: string, checks: AccessTokenChecks = {}): Promise<VerifiedAccessToken | null> {
    try {
      return await this.verify(token, checks);
    } catch (error) {
      if (error instanceof OAuthError && error.error === 'invalid_token') return null;
      throw error;
    }
  }

  private async findOpaque(token: string): Promise<VerifiedAccessToken | null> {
    const rows = await preparedQuery<OpaqueRow>(
      this.db,
      'access-token-lookup',
      `SELECT t.client_id, t.user_id, t.scope, t.grant_id, g.claims, g.auth_time, t.created_at, t.expires_at
         FROM tokens t
         JOIN clients c ON c.client_id = t.client_id
         LEFT JOIN grants g ON g.id = t.grant_id
         LEFT JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.kind = 'access_token' AND t.revoked_at IS NULL AND t.expires_at > now()
          AND (t.grant_id IS NULL OR g.revoked_at IS NULL)
          AND (t.user_id IS NULL OR NOT u.disabled)`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      format: 'opaque',
      clientId: row.client_id,
      userId: row.user_id,
      scope: row.scope,
      grantId: row.grant_id,
      claims: row.claims,
      issuedAt: row.created_at,
      expiresAt: row.expires_at,
      authTime: row.auth_time,
    };
  }

  private async verifyJwt(token: string, checks: AccessTokenChecks): Promise<VerifiedAccessToken | null> {
    const audience = checks.anyAudience ? undefined : this.config.issuer;
    const payload = await this.keys.verify(token, { typ: JWT_ACCESS_TOKEN_TYPE, audience });
    const { sub, client_id: clientId, scope, jti, iat, exp } = payload;
    const grantId = payload[GRANT_ID_CLAIM];
    if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof scope !== 'string') return null;
    if (typeof iat !== 'number' || typeof exp !== 'number') return null;
    // RFC 9068 §2.2: jti is required; it is what revoking a JWT records (RFC 7009).
    if (typeof jti !== 'string') return null;
    if (grantId !== undefined && (typeof grantId !== 'string' || !UUID.test(grantId))) return null;
    // RFC 9068 §2.2: sub is the client itself when no user is involved.
    const userId = sub === clientId ? null : sub;
    if (userId !== null && !UUID.test(userId)) return null;

    const rows = await preparedQuery<{ claims: ClaimsRequest | null; auth_time: Date | null }>(
      this.db,
      'jwt-access-token-check',
      `SELECT g.claims, g.auth_time
         FROM clients c
         LEFT JOIN users u ON u.id = $2::uuid
         LEFT JOIN grants g ON g.id = $3::uuid
        WHERE c.client_id = $1
          AND ($2::uuid IS NULL OR (u.id IS NOT NULL AND NOT u.disabled))
          AND ($3::uuid IS NULL OR (g.id IS NOT NULL AND g.revoked_at IS NULL))
          AND NOT EXISTS (SELECT 1 FROM revoked_jtis r WHERE r.jti = $4)`,
      [clientId, userId, grantId ?? null, jti],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      format: 'jwt',
      clientId,
      userId,
      scope: parseScope(scope),
      grantId: grantId ?? null,
      claims: row.claims,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
      authTime: row.auth_time,
      jti,
    };
  }
}
