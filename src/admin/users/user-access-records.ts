import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { ConsentDto, GrantDto, SessionDto } from './user-access.dto';

// Lists are for an operator looking at one user: the newest are the ones that matter.
const LIST_LIMIT = 200;
export const ADMIN_REVOCATION_REASON = 'admin';

/**
 * What a user has left behind when signing in: browser sessions, consents and grants. These
 * tables belong to the sign-in and token modules, which expose no per-user queries; the admin
 * reads and ends them here, in plain SQL, and nowhere else.
 */
@Injectable()
export class UserAccessRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  sessions(userId: string): Promise<SessionDto[]> {
    return this.db.query(
      `SELECT id, auth_time, amr, created_at, expires_at, ended_at,
              (ended_at IS NULL AND expires_at > now()) AS active
         FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT ${LIST_LIMIT}`,
      [userId],
    );
  }

  /** Ends the user's open sessions, or only `sessionId`; returns how many were open. */
  async endSessions(userId: string, sessionId?: string): Promise<number> {
    if (sessionId !== undefined && !isUUID(sessionId)) return 0;
    const [, count] = (await this.db.query(
      `UPDATE sessions SET ended_at = now()
        WHERE user_id = $1 AND ended_at IS NULL AND ($2::uuid IS NULL OR id = $2::uuid)`,
      [userId, sessionId ?? null],
    )) as [unknown, number];
    return count;
  }

  consents(userId: string): Promise<ConsentDto[]> {
    return this.db.query(
      `SELECT client_id, scopes, updated_at FROM consents WHERE user_id = $1 ORDER BY client_id LIMIT ${LIST_LIMIT}`,
      [userId],
    );
  }

  /**
   * Forgets what the user allowed the client, and revokes what the client holds from the user:
   * taking back consent means the application loses access now, not when its tokens expire.
   */
  deleteConsent(userId: string, clientId: string): Promise<{ deleted: number; grantsRevoked: number }> {
    return this.db.transaction(async (tx) => {
      const [, deleted] = (await tx.query(`DELETE FROM consents WHERE user_id = $1 AND client_id = $2`, [
        userId,
        clientId,
      ])) as [unknown, number];
      const [, grantsRevoked] = (await tx.query(
        `UPDATE grants SET revoked_at = now(), revoked_reason = $3
          WHERE user_id = $1 AND client_id = $2 AND revoked_at IS NULL`,
        [userId, clientId, ADMIN_REVOCATION_REASON],
      )) as [unknown, number];
      return { deleted, grantsRevoked };
    });
  }

  async grants(userId: string): Promise<GrantDto[]> {
    const rows = (await this.db.query(
      `SELECT g.id, g.client_id, g.scope, g.session_id, g.created_at, g.expires_at, g.revoked_at, g.revoked_reason,
              (SELECT count(*) FROM tokens t
                WHERE t.grant_id = g.id AND t.revoked_at IS NULL AND t.expires_at > now())::int AS active_tokens
         FROM grants g WHERE g.user_id = $1 ORDER BY g.created_at DESC LIMIT ${LIST_LIMIT}`,
      [userId],
    )) as GrantDto[];
    return rows;
  }

  /**
   * Revokes the user's grants, or only `grantId`: every code and token of a revoked grant is
   * dead (see Grant), without touching the token rows. Returns how many were active.
   */
  async revokeGrants(userId: string, grantId?: string): Promise<number> {
    if (grantId !== undefined && !isUUID(grantId)) return 0;
    const [, count] = (await this.db.query(
      `UPDATE grants SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id = $2::uuid)`,
      [userId, grantId ?? null, ADMIN_REVOCATION_REASON],
    )) as [unknown, number];
    return count;
  }
}
