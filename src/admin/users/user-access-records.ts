import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConsentService } from '../../interaction/consent/consent.service';
import { SessionService } from '../../interaction/session/session.service';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import type { ConsentDto, GrantDto, SessionDto } from './user-access.dto';

// Lists are for an operator looking at one user: the newest are the ones that matter.
const LIST_LIMIT = 200;
export const ADMIN_REVOCATION_REASON = 'admin';

/**
 * What a user has left behind when signing in: browser sessions, consents and grants, read and
 * ended through the modules that own them (sign-in and token), as the admin API shows them.
 */
@Injectable()
export class UserAccessRecords {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessionRecords: SessionService,
    private readonly consentRecords: ConsentService,
    private readonly grantRecords: AuthorizationGrantService,
  ) {}

  async sessions(userId: string): Promise<SessionDto[]> {
    return (await this.sessionRecords.ofUser(userId, LIST_LIMIT)).map((s) => ({
      id: s.id,
      auth_time: s.authTime,
      amr: s.amr,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      ended_at: s.endedAt,
      active: s.active,
    }));
  }

  /** Ends the user's open sessions, or only `sessionId`; returns how many were open. */
  endSessions(userId: string, sessionId?: string): Promise<number> {
    return this.sessionRecords.endOfUser(userId, sessionId);
  }

  async consents(userId: string): Promise<ConsentDto[]> {
    return (await this.consentRecords.ofUser(userId, LIST_LIMIT)).map((c) => ({
      client_id: c.clientId,
      scopes: c.scopes,
      updated_at: c.updatedAt,
    }));
  }

  /**
   * Forgets what the user allowed the client, and revokes what the client holds from the user:
   * taking back consent means the application loses access now, not when its tokens expire.
   */
  deleteConsent(userId: string, clientId: string): Promise<{ deleted: number; grantsRevoked: number }> {
    return this.db.transaction(async (tx) => {
      const deleted = await this.consentRecords.forget(userId, clientId, tx);
      const grantsRevoked = await this.grantRecords.revokeOfUserForClient(
        userId,
        clientId,
        ADMIN_REVOCATION_REASON,
        tx,
      );
      return { deleted, grantsRevoked };
    });
  }

  async grants(userId: string): Promise<GrantDto[]> {
    return (await this.grantRecords.ofUser(userId, LIST_LIMIT)).map((g) => ({
      id: g.id,
      client_id: g.clientId,
      scope: g.scope,
      session_id: g.sessionId,
      created_at: g.createdAt,
      expires_at: g.expiresAt,
      revoked_at: g.revokedAt,
      revoked_reason: g.revokedReason,
      active_tokens: g.activeTokens,
    }));
  }

  /**
   * Revokes the user's grants, or only `grantId`: every code and token of a revoked grant is
   * dead (see Grant), without touching the token rows. Returns how many were active.
   */
  revokeGrants(userId: string, grantId?: string): Promise<number> {
    return this.grantRecords.revokeOfUser(userId, ADMIN_REVOCATION_REASON, grantId);
  }
}
