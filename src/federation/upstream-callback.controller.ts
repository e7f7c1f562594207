import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoStore } from '../interaction/http/no-store';
import { FederatedSignIn } from './login/federated-sign-in';
import { UpstreamLoginFailureFilter } from './login/upstream-login-failure.filter';

/** The redirect_uri registered at every upstream provider (OIDC Core §3.1.2.5). */
@ApiExcludeController()
@Controller('federation')
@NoStore()
@UseFilters(UpstreamLoginFailureFilter)
export class UpstreamCallbackController {
  constructor(private readonly signIn: FederatedSignIn) {}

  @Get('callback')
  callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.signIn.complete(req, res);
  }
}
