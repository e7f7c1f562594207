import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditEventType } from '../../../audit/audit-event-type';
import { AuditService } from '../../../audit/audit.service';
import { type LoginFailure, loginFailureMessage } from '../../../interaction/login/login-failure-message';
import type { LoginMethodOutcome } from '../../../interaction/login/login-methods';
import { PASSWORD_AMR, PasswordSignIn } from '../../../interaction/login/password-sign-in';
import type { BrowserSession } from '../../../interaction/session/browser-session.entity';
import { SessionService } from '../../../interaction/session/session.service';
import { AppConfig } from '../../../config/app-config';
import { UsersService } from '../../../users/users.service';
import { AdminCredentialStore } from '../../credentials/admin-credential.store';
import { isConsoleAdmin } from './console-authenticator';
import { clearConsoleCookie, consoleCookieOf, setConsoleCookie } from './console-cookie';
import type { ConsoleRequest } from './console-principal';
import { ConsoleSignInSteps } from './console-sign-in-steps';
import { type ConsoleSignIn, ConsoleSessionStore } from './console-session.store';

export type AccountSignIn =
  | { status: 'signed-in' }
  | { status: 'not-admin' }
  /** A registered interaction step is due first: its page. */
  | { status: 'step'; url: string }
  | { status: 'failed'; failure: LoginFailure };

const requestActor = (req: ConsoleRequest, actor: string): AuditActor => ({
  actor,
  ip: req.ip ?? null,
  requestId: req.id ?? null,
});

/**
 * The two ways into the console, and the way out. An admin token opens a session bound to its
 * credential. A user with the admin role opens one bound to their browser session of this
 * server, signing in with the same password check, throttling, known-browser cookie and session
 * as the login page.
 */
@Injectable()
export class ConsoleSignInService {
  constructor(
    private readonly store: ConsoleSessionStore,
    private readonly credentials: AdminCredentialStore,
    private readonly browserSessions: SessionService,
    private readonly passwords: PasswordSignIn,
    private readonly steps: ConsoleSignInSteps,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async withToken(req: ConsoleRequest, res: Response, token: string): Promise<boolean> {
    const credential = token ? await this.credentials.authenticate(token) : null;
    if (!credential) {
      await this.audit.record({
        ...requestActor(req, `ip:${req.ip}`),
        type: AuditEventType.AdminAuthFailed,
        details: { via: 'console' },
      });
      return false;
    }
    await this.open(req, res, { credentialId: credential.id }, `admin:${credential.id}`);
    return true;
  }

  /** With the browser's current session, when it belongs to an admin; null when the browser is not signed in. */
  async withBrowserSession(req: ConsoleRequest, res: Response): Promise<AccountSignIn | null> {
    const browser = await this.browserSessions.current(req);
    if (!browser) return null;
    const user = await this.users.findById(browser.userId);
    // A disabled account's session counts as signed out, as on the login page.
    if (!user || user.disabled) return null;
    if (!isConsoleAdmin(user)) return { status: 'not-admin' };
    return this.enter(req, res, user.id, browser);
  }

  /**
   * With a username or email and password. Only an admin gets a browser session out of it: a
   * user who may not use the console is not signed in to the server by trying.
   */
  async withPassword(req: ConsoleRequest, res: Response, login: string, password: string): Promise<AccountSignIn> {
    if (!login || !password)
      return { status: 'failed', failure: loginFailureMessage({ ok: false, reason: 'missing' }) };
    const result = await this.passwords.check(req, res, login, password);
    if (!result.ok) return { status: 'failed', failure: loginFailureMessage(result) };
    if (!isConsoleAdmin(result.user)) return { status: 'not-admin' };
    const browser = await this.browserSessions.signIn(req, res, result.user.id, PASSWORD_AMR);
    return this.enter(req, res, result.user.id, browser);
  }

  /**
   * With the login page's other way in (a passkey, LoginMethods), checked already: as with a
   * password, only an admin gets a browser session out of it.
   */
  async withLoginMethod(req: ConsoleRequest, res: Response, outcome: LoginMethodOutcome): Promise<AccountSignIn> {
    if (!outcome.ok) return { status: 'failed', failure: loginFailureMessage(outcome) };
    if (!isConsoleAdmin(outcome.user)) return { status: 'not-admin' };
    const browser = await this.browserSessions.signIn(req, res, outcome.user.id, outcome.amr);
    return this.enter(req, res, outcome.user.id, browser);
  }

  /** An admin signed in to this server: the registered interaction steps still due, then the console session. */
  private async enter(
    req: ConsoleRequest,
    res: Response,
    userId: string,
    browser: BrowserSession,
  ): Promise<AccountSignIn> {
    const step = await this.steps.pendingUrl(browser);
    if (step) return { status: 'step', url: step };
    await this.open(req, res, { userId, browserSessionId: browser.id }, `user:${userId}`);
    return { status: 'signed-in' };
  }

  /**
   * Ends the console session and forgets its cookie. One opened with an account also ends that
   * browser session: leaving the console must not leave the browser signed in as an admin.
   */
  async signOut(req: ConsoleRequest, res: Response): Promise<void> {
    const session = await this.store.findActive(consoleCookieOf(req, this.config));
    clearConsoleCookie(res, this.config);
    if (!session) return;
    await this.store.end(session.id);
    const browser = session.browserSessionId ? await this.browserSessions.current(req) : null;
    if (browser?.id === session.browserSessionId) await this.browserSessions.end(req, res);
    const actor = session.credentialId ? `admin:${session.credentialId}` : `user:${session.userId}`;
    await this.audit.record({
      ...requestActor(req, actor),
      type: AuditEventType.ConsoleSignedOut,
      subject: session.id,
    });
  }

  private async open(req: ConsoleRequest, res: Response, signIn: ConsoleSignIn, actor: string): Promise<void> {
    // A cookie from an earlier sign-in in this browser must not outlive the new one.
    const previous = await this.store.findActive(consoleCookieOf(req, this.config));
    if (previous) await this.store.end(previous.id);
    const { session, secret } = await this.store.open(signIn);
    setConsoleCookie(res, this.config, secret);
    await this.audit.record({
      ...requestActor(req, actor),
      type: AuditEventType.ConsoleSignedIn,
      subject: session.id,
      details: { via: 'credentialId' in signIn ? 'admin_token' : 'account' },
    });
  }
}
