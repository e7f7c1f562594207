import { Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CsrfGuard } from '../interaction/csrf/csrf.guard';
import { NoStore } from '../interaction/http/no-store';
import { CurrentInteraction, InteractionGuard } from '../interaction/http/interaction.guard';
import type { DownstreamRequest } from './rp/upstream-authorization-parameters';
import type { PendingInteraction } from '../interaction/pending-interaction';
import { UpstreamLoginStarter } from './login/upstream-login.starter';

/**
 * The login page's "Continue with <provider>" buttons. A POST carrying the interaction's CSRF
 * token, so no other site can send a user's browser off to sign in somewhere on its behalf.
 */
@ApiExcludeController()
@Controller('interaction/:id/federation')
@UseGuards(InteractionGuard)
@NoStore()
export class UpstreamLoginController {
  constructor(private readonly starter: UpstreamLoginStarter) {}

  @Post(':provider')
  @UseGuards(CsrfGuard)
  start(
    @CurrentInteraction() interaction: PendingInteraction<DownstreamRequest>,
    @Param('provider') provider: string,
    @Res() res: Response,
  ): Promise<void> {
    return this.starter.start(res, interaction, provider);
  }
}
