import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import type { TokenKind } from '../entities/token.entity';

export interface RevokedStoredToken {
  kind: TokenKind;
  grantId: string | null;
  userId: string | null;
  /** False when it was revoked already, before this call. */
  newlyRevoked: boolean;
}

/** Marks one stored token revoked, only when it belongs to the client asking (RFC 7009 §2.1). */
@Injectable()
export class TokenRevocationStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The token's kind and grant when it is the client's (revoked now or before), null otherwise.
   * An earlier revocation time is kept, and the row is still returned, so a retried revocation
   * finishes what a failed one started (revoking the grant of a refresh token).
   */
  async revokeOwn(tokenHash: string, clientId: string): Promise<RevokedStoredToken | null> {
    // IS NOT DISTINCT FROM keeps the generic plan on the primary key (see refresh-token.store.ts).
    // now() is the statement's transaction time: revoked_at equals it only when set just now.
    const rows = await preparedQuery<{
      kind: TokenKind;
      grant_id: string | null;
      user_id: string | null;
      newly: boolean;
    }>(
      this.db,
      'token-revoke-own-v2',
      `UPDATE tokens SET revoked_at = COALESCE(revoked_at, now())
        WHERE token_hash = $1 AND client_id IS NOT DISTINCT FROM $2
      RETURNING kind, grant_id, user_id, revoked_at = now() AS newly`,
      [tokenHash, clientId],
    );
    const row = rows[0];
    return row ? { kind: row.kind, grantId: row.grant_id, userId: row.user_id, newlyRevoked: row.newly } : null;
  }
}
