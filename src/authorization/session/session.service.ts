import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BrowserSession } from '../entities/browser-session.entity';
import { cookieOptions, issuerPath } from '../http/cookie-options';
import { sha256Hex } from '../../common/crypto/sha256';
import { cookieName } from '../../common/http/cookie-names';

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
  ) {
    this.cookie = cookieName('session', config.secureCookies);
  }

  /** The session of this request's browser: cookie present and correctly signed, not ended, not expired. */
  async current(req: Request): Promise<BrowserSession | null> {
    const secret: unknown = req.signedCookies?.[this.cookie];
    if (typeof secret !== 'string' || secret === '') return null;
    return this.sessions.findOneBy({
      secretHash: sha256Hex(secret),
      endedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
  }

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
      expiresAt: new Date(now.getTime() + this.config.sessionTtl * 1000),
    };
    let session: BrowserSession;
    if (previous?.userId === userId) {
      await this.sessions.update({ id: previous.id }, fields);
      session = Object.assign(previous, fields);
    } else {
      if (previous) await this.endById(previous.id);
      session = await this.sessions.save(this.sessions.create({ ...fields, userId, endedAt: null }));
    }
    res.cookie(this.cookie, secret, cookieOptions(this.config, this.cookiePath(), this.config.sessionTtl));
    return session;
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
    await this.sessions.update({ id, endedAt: IsNull() }, { endedAt: new Date() });
  }

  private cookiePath(): string {
    return issuerPath(this.config) || '/';
  }
}
