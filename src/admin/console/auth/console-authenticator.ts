import { Injectable } from '@nestjs/common';
import { SessionService } from '../../../interaction/session/session.service';
import { AppConfig } from '../../../config/app-config';
import type { User } from '../../../users/user.entity';
import { UsersService } from '../../../users/users.service';
import { AdminCredentialStore } from '../../credentials/admin-credential.store';
import { consoleCookieOf } from './console-cookie';
import { CONSOLE_ADMIN_ROLE, type ConsolePrincipal, type ConsoleRequest } from './console-principal';
import type { ConsoleSession } from './console-session.entity';
import { ConsoleSessionStore } from './console-session.store';

/** Whether this user may open the console with their own account now. */
export function isConsoleAdmin(user: User | null): user is User {
  return user !== null && !user.disabled && user.roles.includes(CONSOLE_ADMIN_ROLE);
}

/**
 * Who the console session of a request belongs to, checked afresh on every request: a revoked
 * credential, an ended browser session, a disabled user or a removed admin role ends it at once.
 */
@Injectable()
export class ConsoleAuthenticator {
  constructor(
    private readonly store: ConsoleSessionStore,
    private readonly credentials: AdminCredentialStore,
    private readonly browserSessions: SessionService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async principalOf(req: ConsoleRequest): Promise<ConsolePrincipal | null> {
    const session = await this.store.findActive(consoleCookieOf(req, this.config));
    if (!session) return null;
    if (session.credentialId !== null) {
      const credential = await this.credentials.findActive(session.credentialId);
      if (!credential) return this.ended(session);
      return { kind: 'credential', sessionId: session.id, credentialId: credential.id, name: credential.name };
    }
    // The same browser must still hold the server session the user signed in with. A cookie that
    // does not match (a request sent just before the session's secret was renewed) ends nothing.
    const browser = await this.browserSessions.current(req);
    if (!browser || browser.id !== session.browserSessionId || browser.userId !== session.userId) return null;
    const user = await this.users.findById(browser.userId);
    if (!isConsoleAdmin(user)) return this.ended(session);
    return { kind: 'account', sessionId: session.id, userId: user.id, username: user.username };
  }

  /** Refused for good (a revoked credential, a disabled user, a lost role): a role given back later does not revive it. */
  private async ended(session: ConsoleSession): Promise<null> {
    await this.store.end(session.id);
    return null;
  }
}
