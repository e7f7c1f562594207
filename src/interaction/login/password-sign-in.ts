import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { type PasswordLoginResult, PasswordLoginService } from '../../users/password-login.service';
import type { BrowserSession } from '../session/browser-session.entity';
import { SessionService } from '../session/session.service';
import { knownBrowsersOf, rememberBrowser } from './known-browser-cookie';
import { loginFailureMessage } from './login-failure-message';
import type { LoginPageState } from './login-page-state';
import type { LoginOutcome } from './login.guard';

/** RFC 8176 §2: a password. */
export const PASSWORD_AMR = ['pwd'];

/** Every password form's check and outcome, whichever flow shows the form (login pages, console sign-in). */
@Injectable()
export class PasswordSignIn {
  constructor(
    private readonly sessions: SessionService,
    private readonly logins: PasswordLoginService,
    private readonly config: AppConfig,
  ) {}

  /**
   * A username-or-email and password, through PasswordLoginService (throttling shared by
   * replicas; this browser's known-browser cookie exempts it from per-account limits). A right
   * password makes the browser known for that account (known-browser-cookie.ts).
   */
  async check(req: Request, res: Response, login: string, password: string): Promise<PasswordLoginResult> {
    const result = await this.logins.authenticate(
      login,
      password,
      req.ip ?? 'unknown',
      knownBrowsersOf(req, this.config),
    );
    if (result.ok) rememberBrowser(req, res, this.config, result.user.id);
    return result;
  }

  /**
   * Once LoginGuard has checked the password: on failure the flow's login page again, saying
   * what went wrong (and when to retry, when locked), and null; on success the browser's
   * session, signed in now with a password or the login method the form chose.
   */
  async complete(
    req: Request,
    res: Response,
    outcome: LoginOutcome,
    login: unknown,
    showLogin: (state: LoginPageState) => Promise<void> | void,
  ): Promise<BrowserSession | null> {
    if (!outcome.ok) {
      const failure = loginFailureMessage(outcome);
      if (failure.retryAfterSeconds) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      await showLogin({
        status: failure.status,
        error: failure.message,
        login: typeof login === 'string' ? login : undefined,
      });
      return null;
    }
    return this.sessions.signIn(req, res, outcome.user.id, 'amr' in outcome ? outcome.amr : PASSWORD_AMR);
  }
}
