import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoStore } from '../../interaction/http/no-store';
import { LOGOUT_PATH } from './logout-paths';
import { RpInitiatedLogout } from './rp-initiated-logout';

/** The end_session_endpoint (OIDC RP-Initiated Logout 1.0 §2: GET, and POST with a form body). */
@ApiExcludeController()
@Controller(LOGOUT_PATH.slice(1))
@NoStore()
export class LogoutController {
  constructor(private readonly logout: RpInitiatedLogout) {}

  @Get()
  get(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.logout.logout(req, res, req.query);
  }

  // Its pages (the confirmation, signed out) are answers, not created resources: 200, not Nest's 201.
  @Post()
  @HttpCode(200)
  post(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.logout.logoutFromForm(req, res, req.body);
  }

  /** The answer given on the confirmation page (LOGOUT_CONFIRM_PATH). */
  @Post('confirm')
  @HttpCode(200)
  confirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.logout.confirm(req, res, req.body);
  }
}
