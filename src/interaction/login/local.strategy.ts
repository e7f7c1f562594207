import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { Strategy } from 'passport-local';
import type { PasswordLoginResult } from '../../users/password-login.service';
import { PasswordSignIn } from './password-sign-in';

export const LOGIN_FIELD = 'login';
export const PASSWORD_FIELD = 'password';

/**
 * Username-or-email and password with passport-local, checked by PasswordSignIn (throttling,
 * known browsers). The whole result is handed on, failures included, so the page can tell
 * "locked" from "invalid" without ever telling whether the account exists.
 *
 * The strategy lives in a Passport instance of this app's own: passport's default instance is
 * process-global, so two servers in one process (tests, federation against a second instance)
 * would otherwise check passwords against whichever registered last.
 */
@Injectable()
export class LocalStrategy {
  private readonly passport = new Passport();

  constructor(passwords: PasswordSignIn) {
    this.passport.use(
      'local',
      new Strategy(
        { usernameField: LOGIN_FIELD, passwordField: PASSWORD_FIELD, passReqToCallback: true, session: false },
        (req: Request, login: string, password: string, done: (err: unknown, result?: PasswordLoginResult) => void) => {
          // Express gives every request its response: a right password sets the known-browser cookie on it.
          passwords.check(req, req.res as Response, login, password).then((r) => done(null, r), done);
        },
      ),
    );
  }

  /** The login outcome, or false when a field was left empty (passport-local's "missing credentials"). */
  authenticate(req: Request): Promise<PasswordLoginResult | false> {
    return new Promise((ok, fail) => {
      const handler = this.passport.authenticate(
        'local',
        { session: false },
        (err: unknown, result: PasswordLoginResult | false) => (err ? fail(err) : ok(result)),
      ) as (req: Request, res: unknown, next: (err?: unknown) => void) => void;
      handler(req, {}, (err?: unknown) => (err ? fail(err) : ok(false)));
    });
  }
}
