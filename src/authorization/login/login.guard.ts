import { ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { PasswordLoginResult } from '../../users/password-login.service';

/** What a login form post came to; `missing` when a field was left empty. */
export type LoginOutcome = PasswordLoginResult | { ok: false; reason: 'missing' };

/** Runs the local strategy and never throws for bad credentials: the page shows the outcome. */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  handleRequest<T>(err: unknown, result: T | false): T {
    if (err) throw err;
    return (result || { ok: false, reason: 'missing' }) as T;
  }
}

export const CurrentLoginOutcome = createParamDecorator(
  (_: unknown, context: ExecutionContext): LoginOutcome =>
    context.switchToHttp().getRequest<Request & { user: LoginOutcome }>().user,
);
