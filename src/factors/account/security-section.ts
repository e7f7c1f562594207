import type { Request } from 'express';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { User } from '../../users/user.entity';

/**
 * One part of the account's "Sign-in methods" page (/account/security): one-time codes,
 * recovery codes, passkeys. Drawn by views/partials/account-security/<name>.hbs with
 * { csrf, data, problem, saved } ; its forms post to routes its own module's controller
 * serves (under /account/security/<name>/...), each checking the same CSRF token (`_csrf`).
 * A module registers its section with SecuritySections in its onModuleInit.
 */
export interface SecuritySection {
  /** Lowercase; also its partial's file name and the anchor of its part of the page. */
  readonly name: string;
  /** What its partial shows for this user, in this browser session (never a secret already shown once). */
  data(req: Request, user: User, session: BrowserSession): Promise<Record<string, unknown>>;
}
