import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { EntityRows } from '../../database/entity-rows';
import { preparedQuery } from '../../database/prepared-statement';
import { AuthorizationGrant } from './authorization-grant.entity';
import { GrantInsert, type InsertedGrantRow, newGrant, type NewAuthorizationGrant } from './grant-insert';

/** A grant as operators see it, with how many of its tokens are still good. */
export interface GrantRecord {
  id: string;
  clientId: string;
  scope: string[];
  sessionId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  /** Unrevoked and unexpired tokens of the grant, by the database's clock. */
  activeTokens: number;
}

/** Grants tie every code and token of one authorization together (see AuthorizationGrant). */
@Injectable()
export class AuthorizationGrantService {
  constructor(@InjectRepository(AuthorizationGrant) private readonly grants: Repository<AuthorizationGrant>) {}

  /**
   * Every grant made with a token response makes one: a prepared INSERT, not a repository save (a
   * transaction around it and the entity's persistence worked out anew each time). Returns what
   * save returned: the fields given, with the row's id and creation time. The code flow writes
   * its grant with its code instead (AuthorizationCodeService.issueWithGrant).
   */
  async create(input: NewAuthorizationGrant): Promise<AuthorizationGrant> {
    const grant = newGrant(input);
    const [row] = await preparedQuery<InsertedGrantRow>(
      this.grants.manager.connection,
      'grants_insert',
      `INSERT INTO grants (${GrantInsert.columns}) VALUES (${GrantInsert.placeholders(1)}) RETURNING id, created_at`,
      GrantInsert.values(grant),
    );
    return GrantInsert.inserted(grant, row);
  }

  /** The grant whether or not it was revoked: for callers that judged its state at another moment. */
  async find(id: string): Promise<AuthorizationGrant | null> {
    if (!isUUID(id)) return null;
    const rows = (this.entityRows ??= new EntityRows(this.grants.manager.connection, AuthorizationGrant, 'g'));
    return rows.one(
      await preparedQuery(
        this.grants.manager.connection,
        'grants_by_id',
        `SELECT ${rows.selectList} FROM grants g WHERE g.id = $1`,
        [id],
      ),
    );
  }

  private entityRows?: EntityRows<AuthorizationGrant>;

  findActive(id: string): Promise<AuthorizationGrant | null> {
    return this.grants.findOneBy({ id, revokedAt: IsNull() });
  }

  /** Revokes the whole family: every token whose grant is revoked is dead, without touching the tokens. */
  async revoke(id: string, reason: string): Promise<void> {
    await this.grants.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** The clients holding unrevoked grants from a browser session: whom its logout concerns. */
  async clientIdsOfSession(sessionId: string): Promise<string[]> {
    const rows = await this.grants
      .createQueryBuilder('g')
      .select('g.clientId', 'clientId')
      .distinct(true)
      .where('g.sessionId = :sessionId AND g.revokedAt IS NULL', { sessionId })
      .getRawMany<{ clientId: string }>();
    return rows.map((r) => r.clientId);
  }

  /**
   * Each client that got a grant from one of these browser sessions, once per session: whom
   * back-channel logout tells. Revoked grants count too, since a logout revokes them before or
   * after it is announced, and the client's own session with the user stands until it is told.
   * `manager` reads in a caller's transaction.
   */
  async clientsOfSessions(
    sessionIds: readonly string[],
    manager: EntityManager = this.grants.manager,
  ): Promise<{ sessionId: string; clientId: string }[]> {
    if (sessionIds.length === 0) return [];
    return manager.query(
      `SELECT DISTINCT session_id AS "sessionId", client_id AS "clientId"
         FROM grants WHERE session_id = ANY($1::uuid[])`,
      [sessionIds],
    );
  }

  async revokeBySession(sessionId: string, clientId: string | undefined, reason: string): Promise<number> {
    const res = await this.grants.update(
      { sessionId, revokedAt: IsNull(), ...(clientId ? { clientId } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return res.affected ?? 0;
  }

  /** The user's grants, newest first, at most `limit` (the admin's view of one user). */
  async ofUser(userId: string, limit: number): Promise<GrantRecord[]> {
    const rows: {
      id: string;
      client_id: string;
      scope: string[];
      session_id: string | null;
      created_at: Date;
      expires_at: Date | null;
      revoked_at: Date | null;
      revoked_reason: string | null;
      active_tokens: number;
    }[] = await this.grants.query(
      `SELECT g.id, g.client_id, g.scope, g.session_id, g.created_at, g.expires_at, g.revoked_at, g.revoked_reason,
              (SELECT count(*) FROM tokens t
                WHERE t.grant_id = g.id AND t.revoked_at IS NULL AND t.expires_at > now())::int AS active_tokens
         FROM grants g WHERE g.user_id = $1 ORDER BY g.created_at DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      clientId: r.client_id,
      scope: r.scope,
      sessionId: r.session_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      revokedReason: r.revoked_reason,
      activeTokens: r.active_tokens,
    }));
  }

  /**
   * Revokes the user's grants, or only `grantId`, and so every code and token of them; returns
   * how many were active.
   */
  async revokeOfUser(userId: string, reason: string, grantId?: string): Promise<number> {
    if (grantId !== undefined && !isUUID(grantId)) return 0;
    const [, count] = (await this.grants.query(
      `UPDATE grants SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id = $2::uuid)`,
      [userId, grantId ?? null, reason],
    )) as [unknown, number];
    return count;
  }

  /**
   * Revokes the user's grants but those made in `keptSessionId` (the browser that changed the
   * password keeps its applications signed in); returns how many were active.
   */
  async revokeOfUserExceptSession(userId: string, keptSessionId: string, reason: string): Promise<number> {
    const [, count] = (await this.grants.query(
      `UPDATE grants SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND session_id IS DISTINCT FROM $2::uuid`,
      [userId, keptSessionId, reason],
    )) as [unknown, number];
    return count;
  }

  /**
   * Revokes what the client holds from the user (consent taken back); returns how many grants
   * were active. `manager` runs it in the caller's transaction.
   */
  async revokeOfUserForClient(
    userId: string,
    clientId: string,
    reason: string,
    manager: EntityManager = this.grants.manager,
  ): Promise<number> {
    const [, count] = (await manager.query(
      `UPDATE grants SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND client_id = $2 AND revoked_at IS NULL`,
      [userId, clientId, reason],
    )) as [unknown, number];
    return count;
  }
}
