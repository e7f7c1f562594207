import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { ConsoleSession } from './console-session.entity';
import { sha256Hex } from '../../../common/crypto/sha256';

/** An operator's working day: long enough not to interrupt, short enough that a forgotten tab expires. */
export const CONSOLE_SESSION_TTL_SECONDS = 8 * 3600;

/** What a console session is bound to: it lives no longer than this credential or browser session. */
export type ConsoleSignIn = { credentialId: string } | { userId: string; browserSessionId: string };

@Injectable()
export class ConsoleSessionStore {
  constructor(@InjectRepository(ConsoleSession) private readonly sessions: Repository<ConsoleSession>) {}

  /** A new session and the secret its cookie carries (shown to the browser only). */
  async open(signIn: ConsoleSignIn): Promise<{ session: ConsoleSession; secret: string }> {
    await this.forgetOld();
    const secret = randomBytes(32).toString('base64url');
    const session = await this.sessions.save(
      this.sessions.create({
        secretHash: sha256Hex(secret),
        credentialId: 'credentialId' in signIn ? signIn.credentialId : null,
        userId: 'userId' in signIn ? signIn.userId : null,
        browserSessionId: 'browserSessionId' in signIn ? signIn.browserSessionId : null,
        expiresAt: new Date(Date.now() + CONSOLE_SESSION_TTL_SECONDS * 1000),
        endedAt: null,
      }),
    );
    return { session, secret };
  }

  /** The session of this secret, unless it ended or expired. */
  findActive(secret: unknown): Promise<ConsoleSession | null> {
    if (typeof secret !== 'string' || secret === '') return Promise.resolve(null);
    return this.sessions.findOneBy({
      secretHash: sha256Hex(secret),
      endedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
  }

  async end(id: string): Promise<void> {
    await this.sessions.update({ id, endedAt: IsNull() }, { endedAt: new Date() });
  }

  /**
   * Sign-ins are rare (a few a day per operator), so each one clears the rows that ended or
   * expired over a day ago: the table stays small without a job of its own.
   */
  private async forgetOld(): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where(`expires_at < now() - interval '1 day' OR ended_at < now() - interval '1 day'`)
      .execute();
  }
}
