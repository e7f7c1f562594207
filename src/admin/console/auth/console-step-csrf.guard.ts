import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfTokens } from '../../../interaction/csrf/csrf-tokens';
import { formExpired } from '../../../interaction/csrf/form-expired';
import { SessionService } from '../../../interaction/session/session.service';

/** What a console sign-in step's form token is bound to: the browser session and the step. */
export function consoleStepCsrfSubject(browserSessionId: string, step: string): string {
  return `console:${browserSessionId}:${step}`;
}

/**
 * First on a console sign-in step's POST, as every console form checks its token before
 * anything else: a post without the token its page gave this browser session changes nothing.
 */
@Injectable()
export class ConsoleStepCsrfGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const browser = await this.sessions.signedIn(req);
    const presented = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (!browser || !this.csrf.matches(consoleStepCsrfSubject(browser.id, String(req.params.step)), presented))
      throw formExpired();
    return true;
  }
}
