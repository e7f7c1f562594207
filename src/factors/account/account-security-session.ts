import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';

/** Who may manage sign-in methods on /account/security: the browser's signed-in, enabled user. */
@Injectable()
export class AccountSecuritySession {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UsersService,
  ) {}

  async of(req: Request): Promise<{ session: BrowserSession; user: User } | null> {
    const session = await this.sessions.signedIn(req);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    return user ? { session, user } : null;
  }
}
