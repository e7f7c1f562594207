import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { PasswordLoginResult, PasswordLoginService } from '../../users/password-login.service';

export const LOGIN_FIELD = 'login';
export const PASSWORD_FIELD = 'password';

/**
 * Username-or-email and password, through PasswordLoginService (lockout shared by replicas).
 * The whole result is handed on, failures included, so the page can tell "locked" from
 * "invalid" without ever telling whether the account exists.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly logins: PasswordLoginService) {
    super({ usernameField: LOGIN_FIELD, passwordField: PASSWORD_FIELD, passReqToCallback: true, session: false });
  }

  validate(req: Request, login: string, password: string): Promise<PasswordLoginResult> {
    return this.logins.authenticate(login, password, req.ip ?? 'unknown');
  }
}
