import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { InteractionRequest } from '../http/interaction.guard';
import { CsrfTokens } from './csrf-tokens';
import { formExpired } from './form-expired';

export const CSRF_FIELD = 'csrf';

/** Runs after InteractionGuard: a form post without this interaction's token changes nothing. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly tokens: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<InteractionRequest>();
    const presented = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!this.tokens.matches(req.interaction.id, presented)) throw formExpired();
    return true;
  }
}
