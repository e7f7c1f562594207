import { Controller, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CsrfGuard } from '../authorization/csrf/csrf.guard';
import { NoStoreInterceptor } from '../authorization/http/no-store.interceptor';
import { CurrentInteraction, InteractionGuard } from '../authorization/interaction/interaction.guard';
import type { PendingInteraction } from '../authorization/interaction/pending-interaction';
import { UpstreamLoginStarter } from './login/upstream-login.starter';

/**
 * The login page's "Continue with <provider>" buttons. A POST carrying the interaction's CSRF
 * token, so no other site can send a user's browser off to sign in somewhere on its behalf.
 */
@ApiExcludeController()
@Controller('interaction/:id/federation')
@UseGuards(InteractionGuard)
@UseInterceptors(NoStoreInterceptor)
export class UpstreamLoginController {
  constructor(private readonly starter: UpstreamLoginStarter) {}

  @Post(':provider')
  @UseGuards(CsrfGuard)
  start(
    @CurrentInteraction() interaction: PendingInteraction,
    @Param('provider') provider: string,
    @Res() res: Response,
  ): Promise<void> {
    return this.starter.start(res, interaction, provider);
  }
}
