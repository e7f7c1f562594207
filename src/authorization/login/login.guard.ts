import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import type { PasswordLoginResult } from '../../users/password-login.service';
import { rememberBrowser } from './known-browser-cookie';
import { LocalStrategy } from './local.strategy';

/** What a login form post came to; `missing` when a field was left empty. */
export type LoginOutcome = PasswordLoginResult | { ok: false; reason: 'missing' };

/**
 * Runs the local strategy and never refuses for bad credentials: the page shows the outcome.
 * A right password makes the browser known for that account (known-browser-cookie.ts).
 */
@Injectable()
export class LoginGuard implements CanActivate {
  constructor(
    private readonly strategy: LocalStrategy,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: LoginOutcome }>();
    const outcome = (await this.strategy.authenticate(req)) || { ok: false, reason: 'missing' };
    if (outcome.ok) rememberBrowser(req, context.switchToHttp().getResponse<Response>(), this.config, outcome.user.id);
    req.user = outcome;
    return true;
  }
}

export const CurrentLoginOutcome = createParamDecorator(
  (_: unknown, context: ExecutionContext): LoginOutcome =>
    context.switchToHttp().getRequest<Request & { user: LoginOutcome }>().user,
);
