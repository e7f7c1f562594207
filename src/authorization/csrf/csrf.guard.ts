import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { OAuthError } from '../../common/errors/oauth-error';
import type { InteractionRequest } from '../interaction/interaction.guard';
import { CsrfTokens } from './csrf-tokens';

export const CSRF_FIELD = 'csrf';

/** Runs after InteractionGuard: a form post without this interaction's token changes nothing. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly tokens: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<InteractionRequest>();
    const presented = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!this.tokens.matches(req.interaction.id, presented))
      throw new OAuthError(
        'invalid_request',
        'This form has expired or did not come from this site. Go back, reload the page and try again.',
        { status: 403 },
      );
    return true;
  }
}
