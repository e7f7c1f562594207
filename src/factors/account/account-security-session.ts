import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AMR } from '../../authenticators/acr';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import type { SecondFactorMethod } from '../second-factor/second-factor-method';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';

/**
 * Who may use the account pages: the browser's signed-in, enabled user, who has also proved a
 * second factor when they have one set up (a password alone must not manage factors).
 */
@Injectable()
export class AccountSecuritySession {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly methods: SecondFactorMethods,
  ) {}

  /** Signed in, and with every factor the account asks for; else null. */
  async of(req: Request): Promise<{ session: BrowserSession; user: User } | null> {
    const signedIn = await this.signedIn(req);
    return signedIn && (await this.pendingFactors(signedIn.session)) === null ? signedIn : null;
  }

  /** Signed in with a password at least (the second factor may still be due). */
  async signedIn(req: Request): Promise<{ session: BrowserSession; user: User } | null> {
    const session = await this.sessions.signedIn(req);
    const user = session && (await this.users.findById(session.userId));
    return session && user ? { session, user } : null;
  }

  /** The methods to prove one of before the account pages open; null when none is due. */
  async pendingFactors(session: BrowserSession): Promise<SecondFactorMethod[] | null> {
    if (session.amr.includes(AMR.multiFactor)) return null;
    const enrolled = await this.methods.enrolledBy(session.userId);
    return enrolled.length > 0 ? enrolled : null;
  }
}
