import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A browser session that has just ended: its id (the sid of its ID tokens) and whose it was. */
export interface EndedSession {
  id: string;
  userId: string;
}

/** Hears of ended sessions inside the transaction that ended them: what it writes there commits with the end or not at all. */
export type SessionEndListener = (ended: readonly EndedSession[], transaction: EntityManager) => Promise<void>;

/**
 * Who hears that sessions ended, however they ended (logout, another user signing in, an
 * administrator, a password reset, a disabled user): SessionService tells this one place, and
 * modules built on top (back-channel logout) subscribe at start, so the session owner imports none
 * of them. A listener must be quick (e.g. queue work in the outbox) since the user waits for it,
 * and must do its database work through the transaction it is given: a crash or a failed write
 * then leaves no session ended without its follow-up queued, and no follow-up for a session that
 * is still open.
 */
@Injectable()
export class SessionEndings {
  private readonly listeners: SessionEndListener[] = [];

  subscribe(listener: SessionEndListener): void {
    this.listeners.push(listener);
  }

  async ended(sessions: readonly EndedSession[], transaction: EntityManager): Promise<void> {
    if (sessions.length === 0) return;
    for (const listener of this.listeners) await listener(sessions, transaction);
  }
}
