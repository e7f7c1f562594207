import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import { UsersSql } from '../../users/users.sql';
import type { TokenKind } from '../entities/token.entity';

/** A stored access or refresh token that is still good, with what introspection reports of it. */
export interface ActiveStoredToken {
  kind: TokenKind;
  clientId: string;
  /** Null when the client acts for itself (client credentials). */
  userId: string | null;
  username: string | null;
  scope: string[];
  /** Empty means the issuer's own APIs. */
  audience: string[];
  issuedAt: Date;
  expiresAt: Date;
  /** RFC 9449 §6.1: the DPoP key thumbprint the token is bound to; null for a bearer token. */
  dpopJkt: string | null;
  /** When the user signed in for the token's grant; null without a sign-in (client credentials, assertions). */
  authTime: Date | null;
  /** How the user signed in for the token's grant (RFC 8176); empty without a sign-in. */
  amr: string[];
}

interface Row {
  kind: TokenKind;
  client_id: string;
  user_id: string | null;
  username: string | null;
  scope: string[];
  audience: string[];
  created_at: Date;
  expires_at: Date;
  dpop_jkt: string | null;
  auth_time: Date | null;
  amr: string[];
}

/**
 * Introspection's hot path: one primary-key lookup finds an opaque token of either kind, so a
 * token_type_hint cannot save a query. Active means unexpired and unrevoked, its grant not
 * revoked, its user not disabled; a refresh token also unconsumed (rotated ones are dead) and
 * within its grant's absolute end. A deleted client's tokens are gone with it (ON DELETE CASCADE).
 * The user is joined (UsersSql), not asked of UsersService, and the grant already is (for
 * auth_time and amr, what introspection's acr is made of): one round trip.
 */
@Injectable()
export class ActiveTokenLookup {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(tokenHash: string): Promise<ActiveStoredToken | null> {
    const rows = await preparedQuery<Row>(
      this.db,
      'active-token-lookup',
      `SELECT t.kind, t.client_id, t.user_id, ${UsersSql.username('u')} AS username, t.scope, t.audience,
              t.created_at, t.expires_at, t.dpop_jkt, g.auth_time, COALESCE(g.amr, '{}') AS amr
         FROM tokens t
         LEFT JOIN grants g ON g.id = t.grant_id
         LEFT JOIN ${UsersSql.join('u', 't.user_id')}
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
          AND (t.grant_id IS NULL OR g.revoked_at IS NULL)
          AND (t.user_id IS NULL OR ${UsersSql.usable('u')})
          AND (t.kind = 'access_token' OR (t.consumed_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())))`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: row.kind,
      clientId: row.client_id,
      userId: row.user_id,
      username: row.username,
      scope: row.scope,
      audience: row.audience,
      issuedAt: row.created_at,
      expiresAt: row.expires_at,
      dpopJkt: row.dpop_jkt,
      authTime: row.auth_time,
      amr: row.amr,
    };
  }
}
