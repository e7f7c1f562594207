import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { PasswordLoginResult } from '../../users/password-login.service';
import { LocalStrategy } from './local.strategy';
import { type LoginMethodOutcome, LoginMethods } from './login-methods';

/** What a login form post came to; `missing` when a field was left empty. */
export type LoginOutcome = PasswordLoginResult | { ok: false; reason: 'missing' } | LoginMethodOutcome;

/**
 * Runs the login method the form chose (LoginMethods), else the local strategy, and never
 * refuses for bad credentials: the page shows the outcome.
 * A right password makes the browser known for that account (PasswordSignIn.check).
 */
@Injectable()
export class LoginGuard implements CanActivate {
  constructor(
    private readonly strategy: LocalStrategy,
    private readonly methods: LoginMethods,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: LoginOutcome }>();
    req.user =
      (await this.methods.authenticate(req)) ??
      ((await this.strategy.authenticate(req)) || { ok: false, reason: 'missing' });
    return true;
  }
}

export const CurrentLoginOutcome = createParamDecorator(
  (_: unknown, context: ExecutionContext): LoginOutcome =>
    context.switchToHttp().getRequest<Request & { user: LoginOutcome }>().user,
);
