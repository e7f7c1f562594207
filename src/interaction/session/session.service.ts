import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Repository, type EntityManager } from 'typeorm';
import { isUUID } from 'class-validator';
import { AppConfig } from '../../config/app-config';
import { InteractionConfig } from '../../config/interaction.config';
import { BrowserSession } from './browser-session.entity';
import { cookieOptions, issuerPath } from '../http/cookie-options';
import { sha256Hex } from '../../common/crypto/sha256';
import { EntityRows } from '../../database/entity-rows';
import { preparedQuery } from '../../database/prepared-statement';
import { SessionEndings, type EndedSession } from './session-endings';
import { cookieName } from '../../common/http/cookie-names';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { withSecondFactor } from '../../authenticators/acr';

/** A browser session as operators see it. */
export interface SessionRecord {
  id: string;
  authTime: Date;
  amr: string[];
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  /** Not ended and not expired, by the database's clock. */
  active: boolean;
}

/**
 * The browser's sign-in, kept in Postgres so any replica can read it. The cookie holds a random
 * secret; the table holds only its SHA-256, so a database leak does not yield usable cookies.
 */
@Injectable()
export class SessionService {
  private readonly cookie: string;

  constructor(
    @InjectRepository(BrowserSession) private readonly sessions: Repository<BrowserSession>,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly endings: SessionEndings,
    private readonly settings: InteractionConfig,
  ) {
    this.cookie = cookieName('session', config.secureCookies);
  }

  /** The session of this request's browser: cookie present and correctly signed, not ended, not expired. */
  async current(req: Request): Promise<BrowserSession | null> {
    const secret: unknown = req.signedCookies?.[this.cookie];
    if (typeof secret !== 'string' || secret === '') return null;
    const rows = this.rows();
    return rows.one(
      await preparedQuery(
        this.sessions.manager.connection,
        'sessions_by_secret',
        `SELECT ${rows.selectList} FROM sessions s
          WHERE s.secret_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()`,
        [sha256Hex(secret)],
      ),
    );
  }

  private entityRows?: EntityRows<BrowserSession>;
  private rows(): EntityRows<BrowserSession> {
    return (this.entityRows ??= new EntityRows(this.sessions.manager.connection, BrowserSession, 's'));
  }

  /** The browser's session, if its user still exists and is enabled: who the interaction pages see as signed in. */
  async signedIn(req: Request): Promise<BrowserSession | null> {
    const session = await this.current(req);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    this.readWith.set(session, user);
    return session;
  }

  /**
   * The session's user: the row signedIn read for this session object (a request's own), else
   * read now. The pages after it in the same request (consent, second factor) so read the user
   * once, not once more each.
   */
  userOf(session: BrowserSession): Promise<User | null> {
    const user = this.readWith.get(session);
    return user ? Promise.resolve(user) : this.users.findById(session.userId);
  }

  /** Each session object signedIn returned, with the user row it read; a request's objects go with it. */
  private readonly readWith = new WeakMap<BrowserSession, User>();

  /**
   * Signs the browser in as `userId`, now (auth_time), with methods `amr` (RFC 8176). The secret
   * is new every time, so a cookie planted before sign-in is worthless (session fixation). The
   * same user signing in again keeps the session and its sid; another user gets a new one and
   * the previous session ends.
   */
  async signIn(req: Request, res: Response, userId: string, amr: string[]): Promise<BrowserSession> {
    const previous = await this.current(req);
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const fields = {
      secretHash: sha256Hex(secret),
      authTime: now,
      amr,
      expiresAt: new Date(now.getTime() + this.settings.sessionTtl * 1000),
    };
    let session: BrowserSession;
    if (previous?.userId === userId) {
      await preparedQuery(
        this.sessions.manager.connection,
        'sessions_renew',
        'UPDATE sessions SET secret_hash = $2, auth_time = $3, amr = $4, expires_at = $5 WHERE id = $1',
        [previous.id, fields.secretHash, fields.authTime, fields.amr, fields.expiresAt],
      );
      session = Object.assign(previous, fields);
    } else {
      if (previous) await this.endById(previous.id);
      // Every sign-in: one prepared INSERT, not a repository save (a transaction around it, built anew).
      const rows = this.rows();
      session = rows.one(
        await preparedQuery(
          this.sessions.manager.connection,
          'sessions_insert',
          `INSERT INTO sessions AS s (secret_hash, user_id, auth_time, amr, expires_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${rows.selectList}`,
          [fields.secretHash, userId, fields.authTime, fields.amr, fields.expiresAt],
        ),
      )!;
    }
    res.cookie(this.cookie, secret, cookieOptions(this.config, this.cookiePath(), this.settings.sessionTtl));
    // For the audit trail and webhooks: who signed in, how, from where (never a secret).
    await this.audit.record({
      actor: `user:${userId}`,
      type: AuditEventType.LoginSucceeded,
      subject: userId,
      ip: req.ip ?? null,
      details: { amr, sid: session.id },
    });
    return session;
  }

  /**
   * The signed-in browser proved a further factor (a one-time code, a passkey): the session
   * keeps its sid and auth_time, its amr gains `added` and `mfa` (src/authenticators/acr.ts),
   * and its secret is replaced, since the session is now worth more (as at sign-in).
   */
  async addFactor(req: Request, res: Response, session: BrowserSession, added: string[]): Promise<BrowserSession> {
    const secret = randomBytes(32).toString('base64url');
    const fields = { secretHash: sha256Hex(secret), amr: withSecondFactor(session.amr, added) };
    await preparedQuery(
      this.sessions.manager.connection,
      'sessions_add_factor',
      'UPDATE sessions SET secret_hash = $2, amr = $3 WHERE id = $1',
      [session.id, fields.secretHash, fields.amr],
    );
    this.setCookie(res, session, secret);
    await this.audit.record({
      actor: `user:${session.userId}`,
      type: AuditEventType.SecondFactorSucceeded,
      subject: session.userId,
      ip: req.ip ?? null,
      details: { amr: fields.amr, sid: session.id },
    });
    return Object.assign(session, fields);
  }

  /**
   * A new secret for the session, in this browser's cookie: a copy of the old cookie no longer
   * signs in (OWASP: a new session id at every change of privilege, such as a new password).
   */
  async renewSecret(res: Response, session: BrowserSession): Promise<void> {
    const secret = randomBytes(32).toString('base64url');
    await preparedQuery(
      this.sessions.manager.connection,
      'sessions_renew_secret',
      'UPDATE sessions SET secret_hash = $2 WHERE id = $1',
      [session.id, sha256Hex(secret)],
    );
    this.setCookie(res, session, secret);
  }

  private setCookie(res: Response, session: BrowserSession, secret: string): void {
    const remaining = Math.max(1, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
    res.cookie(this.cookie, secret, cookieOptions(this.config, this.cookiePath(), remaining));
  }

  /** Ends the browser's session and forgets its cookie; returns the session ended, if there was one. */
  async end(req: Request, res: Response): Promise<BrowserSession | null> {
    const session = await this.current(req);
    res.clearCookie(this.cookie, { ...cookieOptions(this.config, this.cookiePath(), 0), maxAge: undefined });
    if (session) await this.endById(session.id);
    return session;
  }

  /** Ends a session wherever its browser is (admin action, back-channel logout). */
  async endById(id: string): Promise<void> {
    await this.endWhere('id = $1', [id]);
  }

  /** The user's sessions, newest first, at most `limit` (the admin's view of one user). */
  async ofUser(userId: string, limit: number): Promise<SessionRecord[]> {
    const rows: {
      id: string;
      auth_time: Date;
      amr: string[];
      created_at: Date;
      expires_at: Date;
      ended_at: Date | null;
      active: boolean;
    }[] = await this.sessions.query(
      `SELECT id, auth_time, amr, created_at, expires_at, ended_at,
              (ended_at IS NULL AND expires_at > now()) AS active
         FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      authTime: r.auth_time,
      amr: r.amr,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      endedAt: r.ended_at,
      active: r.active,
    }));
  }

  /** Ends the user's open sessions, or only `sessionId`, wherever their browsers are; returns how many were open. */
  async endOfUser(userId: string, sessionId?: string): Promise<number> {
    if (sessionId !== undefined && !isUUID(sessionId)) return 0;
    return this.endWhere('user_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid)', [userId, sessionId ?? null]);
  }

  /** Ends every open session of the user but `keptSessionId` (a password changed from that one); returns how many. */
  endOfUserExcept(userId: string, keptSessionId: string): Promise<number> {
    return this.endWhere('user_id = $1 AND id <> $2::uuid', [userId, keptSessionId]);
  }

  /**
   * Ends the open sessions `condition` selects and tells SessionEndings in the same transaction,
   * so what its listeners queue commits with the end; returns how many were ended.
   */
  private endWhere(condition: string, parameters: unknown[]): Promise<number> {
    return this.sessions.manager.transaction(async (transaction) => {
      const [ended, count] = (await transaction.query(
        `UPDATE sessions SET ended_at = now() WHERE ended_at IS NULL AND ${condition} RETURNING id, user_id AS "userId"`,
        parameters,
      )) as [EndedSession[], number];
      await this.endings.ended(ended, transaction);
      return count;
    });
  }

  /**
   * Whether the session is open, keeping it so (FOR SHARE) until `transaction` ends: ending it
   * waits for the transaction, so what the transaction writes for the session is there for
   * whatever the end retires.
   */
  async holdOpen(sessionId: string, transaction: EntityManager): Promise<boolean> {
    const rows = (await transaction.query(
      `SELECT 1 FROM sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > now() FOR SHARE`,
      [sessionId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** How many sessions are open now, across all users (the console's dashboard). */
  async countActive(): Promise<number> {
    const [row] = (await this.sessions.query(
      `SELECT count(*)::int AS active FROM sessions WHERE ended_at IS NULL AND expires_at > now()`,
    )) as { active: number }[];
    return row.active;
  }

  private cookiePath(): string {
    return issuerPath(this.config) || '/';
  }
}
