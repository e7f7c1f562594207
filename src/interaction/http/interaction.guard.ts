import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { OAuthError } from '../../common/errors/oauth-error';
import { InteractionStore } from '../store/interaction.store';
import type { PendingInteraction } from '../pending-interaction';

export type InteractionRequest = Request & { interaction: PendingInteraction };

/** Loads the interaction named in the path, for this browser only; anything else is an error page. */
@Injectable()
export class InteractionGuard implements CanActivate {
  constructor(private readonly interactions: InteractionStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<InteractionRequest>();
    const interaction = await this.interactions.findForBrowser(String(req.params.id), req);
    if (!interaction)
      throw new OAuthError(
        'invalid_request',
        'This sign-in request has expired, was already completed, or was started in another browser. Return to the application and try again.',
      );
    req.interaction = interaction;
    return true;
  }
}

/** The interaction InteractionGuard loaded. */
export const CurrentInteraction = createParamDecorator(
  (_: unknown, context: ExecutionContext): PendingInteraction =>
    context.switchToHttp().getRequest<InteractionRequest>().interaction,
);
