import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthorizationFlow } from './flow/authorization-flow';
import { NoStore } from '../interaction/http/no-store';

/** The authorization endpoint (RFC 6749 §3.1); OIDC Core §3.1.2.1: GET and form-encoded POST. */
@ApiExcludeController()
@Controller('oauth2/authorize')
@NoStore()
export class AuthorizeController {
  constructor(private readonly flow: AuthorizationFlow) {}

  @Get()
  get(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.flow.authorize(req, res, req.query);
  }

  @Post()
  post(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.flow.authorize(req, res, req.body);
  }
}
