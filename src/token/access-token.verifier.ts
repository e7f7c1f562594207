import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';
import { ClientsSql } from '../clients/clients.sql';
import { AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-statement';
import { SigningKeyService } from '../keys/signing-key.service';
import type { ClaimsUser } from '../users/user-claims';
import { claimsUserOfJsonRow, claimsUserOfRow, userClaimsSelectList } from '../users/user-claims-columns';
import { UsersSql } from '../users/users.sql';
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
  /** How the user signed in for the token's grant (RFC 8176); empty without a grant or a sign-in. */
  amr: string[];
  /** JWT access tokens only. */
  jti?: string;
  /** RFC 9449 §6: the thumbprint of the DPoP key the token is bound to; null for a bearer token. */
  dpopJkt: string | null;
}

/** An access token with its user's claims, read in the same query: what userinfo needs. */
export interface VerifiedAccessTokenWithUser extends VerifiedAccessToken {
  /** Null when the client acts for itself. */
  user: ClaimsUser | null;
}

export interface AccessTokenChecks {
  /**
   * Accept an access token whatever its aud. Token exchange (RFC 8693) and resource indicators
   * (RFC 8707) issue tokens for other audiences; this server still answers for them (introspection,
   * revocation, a further exchange), but as a resource server of its own (userinfo, admin API) it
   * takes only tokens meant for it: JWTs whose aud names it, opaque tokens for no resource or for it.
   */
  anyAudience?: boolean;
}

/** The opaque lookup's row as row_to_json writes it: timestamps as ISO 8601 strings. */
interface OpaqueJsonRow {
  client_id: string;
  user_id: string | null;
  scope: string[];
  grant_id: string | null;
  claims: ClaimsRequest | null;
  auth_time: string | null;
  amr: string[];
  created_at: string;
  expires_at: string;
  dpop_jkt: string | null;
  audience: string[];
}

interface JwtCheckRow {
  claims: ClaimsRequest | null;
  auth_time: Date | null;
  amr: string[];
  grant_user_id: string | null;
}

/** A statement of the verifier, and its variant that also selects the user's claims (users u). */
function withUserVariant(name: string, sql: (userColumns: string) => string) {
  return {
    plain: { name, text: sql('') },
    withUser: { name: `${name}-with-user`, text: sql(`, ${userClaimsSelectList('u')}`) },
  };
}

// No join to clients: a deleted client's tokens are gone with it (tokens.client_id is NOT NULL,
// ON DELETE CASCADE). The user is joined, not asked of UsersService: one round trip (UsersSql).
// One json column rather than 11, or 23 with the user's: the pg driver describes, parses and
// builds each column of each execution again, and for userinfo that cost more CPU than Postgres
// spends writing the JSON (docs/performance.md).
const OPAQUE_LOOKUP = withUserVariant(
  'access-token-json-lookup',
  (userColumns) =>
    `SELECT row_to_json(found) AS found FROM (
     SELECT t.client_id, t.user_id, t.scope, t.grant_id, g.claims, g.auth_time, COALESCE(g.amr, '{}') AS amr,
            t.created_at, t.expires_at, t.dpop_jkt, t.audience${userColumns}
       FROM tokens t
       LEFT JOIN grants g ON g.id = t.grant_id
       LEFT JOIN ${UsersSql.join('u', 't.user_id')}
      WHERE t.token_hash = $1 AND t.kind = 'access_token' AND t.revoked_at IS NULL AND t.expires_at > now()
        AND (t.grant_id IS NULL OR g.revoked_at IS NULL)
        AND (t.user_id IS NULL OR ${UsersSql.usable('u')})) found`,
);

// A JWT's iat (app clock, whole seconds) is compared with its client's created_at (database clock).
const CLIENT_CLOCK_SKEW_S = 2;

// The client and the user are read in the grant's statement, not asked of their modules: one
// round trip (ClientsSql, UsersSql). The user is the one sub names ($2), or for a pairwise sub
// (OIDC Core §8), which names no one here, the grant's; $6 says whether sub is a user at all.
const JWT_CHECK = withUserVariant(
  'jwt-access-token-check',
  (userColumns) =>
    `SELECT g.claims, g.auth_time, COALESCE(g.amr, '{}') AS amr, g.user_id AS grant_user_id${userColumns}
       FROM ${ClientsSql.table('c')}
       LEFT JOIN grants g ON g.id = $3::uuid
       LEFT JOIN ${UsersSql.join('u', 'COALESCE($2::uuid, g.user_id)')}
      WHERE ${ClientsSql.registeredBefore('c', '$1', `$5::bigint + ${CLIENT_CLOCK_SKEW_S}`)}
        AND (NOT $6::boolean OR (${UsersSql.found('u')} AND ${UsersSql.usable('u')}))
        AND ($3::uuid IS NULL OR (g.id IS NOT NULL AND g.revoked_at IS NULL))
        AND NOT EXISTS (SELECT 1 FROM revoked_jtis r WHERE r.jti = $4)`,
);

/** A token found valid, with the row of the query that checked it (for the user's claims). */
interface Found {
  token: VerifiedAccessToken;
  row: object;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Opaque tokens here are base64url without dots, so three dot-separated parts mean a JWT (JWS compact form). */
export const looksLikeJwt = (token: string) => token.split('.').length === 3;

/**
 * Finds a valid access token, for userinfo, introspection and revocation. Valid means: issued here,
 * unexpired, not revoked itself, its grant not revoked, its client still registered and its user
 * not disabled. For an opaque token that is one indexed query; a JWT is verified by signature
 * and then checked with one query as well, so revoking a grant reaches its JWTs at once, and so
 * does revoking the JWT itself (its jti in revoked_jtis, until it expires). A JWT's client must
 * also have been registered before the JWT was issued: deleting a client ends its JWTs for good,
 * even if a client of the same client_id is registered again.
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
    return (await this.check(token, checks, false)).token;
  }

  /** As verify, and the claims of the token's user from the same query. */
  async verifyWithUser(token: string, checks: AccessTokenChecks = {}): Promise<VerifiedAccessTokenWithUser> {
    const found = await this.check(token, checks, true);
    const userId = found.token.userId;
    // The opaque lookup's row is row_to_json's (timestamps as strings); the JWT check's is pg's.
    const userOf = found.token.format === 'opaque' ? claimsUserOfJsonRow : claimsUserOfRow;
    return { ...found.token, user: userId === null ? null : userOf(userId, found.row) };
  }

  /** The token, or null when it is not (or no longer) valid. */
  find(token: string, checks: AccessTokenChecks = {}): Promise<VerifiedAccessToken | null> {
    return nullWhenInvalid(this.verify(token, checks));
  }

  /** As verifyWithUser, or null when the token is not (or no longer) valid. */
  findWithUser(token: string, checks: AccessTokenChecks = {}): Promise<VerifiedAccessTokenWithUser | null> {
    return nullWhenInvalid(this.verifyWithUser(token, checks));
  }

  private async check(token: string, checks: AccessTokenChecks, withUser: boolean): Promise<Found> {
    const found = looksLikeJwt(token)
      ? await this.verifyJwt(token, checks, withUser)
      : await this.findOpaque(token, checks, withUser);
    if (!found) throw OAuthErrors.invalidToken('the access token is invalid, expired or revoked');
    return found;
  }

  private async findOpaque(token: string, checks: AccessTokenChecks, withUser: boolean): Promise<Found | null> {
    const statement = withUser ? OPAQUE_LOOKUP.withUser : OPAQUE_LOOKUP.plain;
    const rows = await preparedQuery<{ found: OpaqueJsonRow }>(this.db, statement.name, statement.text, [
      hashToken(token),
    ]);
    const row = rows[0]?.found;
    if (!row) return null;
    if (!checks.anyAudience && row.audience.length > 0 && !row.audience.includes(this.config.issuer)) return null;
    const verified: VerifiedAccessToken = {
      format: 'opaque',
      clientId: row.client_id,
      userId: row.user_id,
      scope: row.scope,
      grantId: row.grant_id,
      claims: row.claims,
      issuedAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      authTime: row.auth_time === null ? null : new Date(row.auth_time),
      amr: row.amr,
      dpopJkt: row.dpop_jkt,
    };
    return { token: verified, row };
  }

  private async verifyJwt(token: string, checks: AccessTokenChecks, withUser: boolean): Promise<Found | null> {
    const audience = checks.anyAudience ? undefined : this.config.issuer;
    const payload = await this.keys.verify(token, { typ: JWT_ACCESS_TOKEN_TYPE, audience });
    const { sub, client_id: clientId, scope, jti, iat, exp } = payload;
    const grantId = payload[GRANT_ID_CLAIM];
    const dpopJkt = confirmedJkt(payload.cnf);
    if (dpopJkt === false) return null;
    if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof scope !== 'string') return null;
    if (typeof iat !== 'number' || typeof exp !== 'number') return null;
    // RFC 9068 §2.2: jti is required; it is what revoking a JWT records (RFC 7009).
    if (typeof jti !== 'string') return null;
    if (grantId !== undefined && (typeof grantId !== 'string' || !UUID.test(grantId))) return null;
    // RFC 9068 §2.2: sub is the client itself when no user is involved; otherwise the user's id,
    // or a pairwise sub (OIDC Core §8), whose user is found through the token's grant.
    const namesUser = sub !== clientId;
    const namedUserId = namesUser && UUID.test(sub) ? sub : null;
    if (namesUser && namedUserId === null && grantId === undefined) return null;

    const statement = withUser ? JWT_CHECK.withUser : JWT_CHECK.plain;
    const rows = await preparedQuery<JwtCheckRow>(this.db, statement.name, statement.text, [
      clientId,
      namedUserId,
      grantId ?? null,
      jti,
      iat,
      namesUser,
    ]);
    const row = rows[0];
    if (!row) return null;
    const userId = namesUser ? (namedUserId ?? row.grant_user_id) : null;
    const verified: VerifiedAccessToken = {
      format: 'jwt',
      clientId,
      userId,
      scope: parseScope(scope),
      grantId: grantId ?? null,
      claims: row.claims,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
      authTime: row.auth_time,
      amr: row.amr,
      jti,
      dpopJkt,
    };
    return { token: verified, row };
  }
}

/** RFC 9449 §6.1 cnf.jkt: the bound key's thumbprint, null when unbound, false when malformed. */
function confirmedJkt(cnf: unknown): string | null | false {
  if (cnf === undefined) return null;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  return typeof jkt === 'string' && jkt !== '' ? jkt : false;
}

async function nullWhenInvalid<T>(verification: Promise<T>): Promise<T | null> {
  try {
    return await verification;
  } catch (error) {
    if (error instanceof OAuthError && error.error === 'invalid_token') return null;
    throw error;
  }
}
