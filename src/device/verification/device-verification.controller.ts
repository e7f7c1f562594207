import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CSRF_FIELD } from '../../interaction/csrf/csrf.guard';
import { KnownStepGuard } from '../../interaction/http/known-step.guard';
import { NoStore } from '../../interaction/http/no-store';
import { LOGIN_FIELD } from '../../interaction/login/local.strategy';
import { CurrentLoginOutcome, LoginGuard, type LoginOutcome } from '../../interaction/login/login.guard';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { DEVICE_VERIFICATION_PATH } from '../device-paths';
import { DeviceLoginCsrfGuard } from './device-login-csrf.guard';
import { DevicePages } from './device-pages';
import type { DeviceVerification } from './device-verification';
import { DeviceVerificationFlow } from './device-verification.flow';
import { CurrentDeviceVerification, DeviceVerificationGuard } from './device-verification.guard';

/** The verification_uri (RFC 8628 §3.3): code entry, then login, the registered steps and consent for the code entered. */
@ApiExcludeController()
@Controller(DEVICE_VERIFICATION_PATH.slice(1))
@NoStore()
export class DeviceVerificationController {
  constructor(
    private readonly flow: DeviceVerificationFlow,
    private readonly pages: DevicePages,
  ) {}

  /** verification_uri_complete (§3.3.1) fills the code in; the user still confirms it. */
  @Get()
  codePage(@Query('user_code') userCode: unknown, @Req() req: Request, @Res() res: Response): void {
    this.pages.enterCode(req, res, userCode);
  }

  @Post()
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  enterCode(@Body('user_code') userCode: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.flow.enterCode(req, res, userCode);
  }

  @Get('login')
  @UseGuards(DeviceVerificationGuard)
  loginPage(@CurrentDeviceVerification() verification: DeviceVerification, @Res() res: Response): Promise<void> {
    return this.pages.login(res, verification);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(DeviceVerificationGuard, DeviceLoginCsrfGuard, LoginGuard)
  login(
    @CurrentDeviceVerification() verification: DeviceVerification,
    @CurrentLoginOutcome() outcome: LoginOutcome,
    @Body(LOGIN_FIELD) login: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.flow.login(req, res, verification, outcome, login);
  }

  @Get('consent')
  @UseGuards(DeviceVerificationGuard)
  consentPage(
    @CurrentDeviceVerification() verification: DeviceVerification,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.flow.consentPage(req, res, verification);
  }

  @Post('consent')
  @HttpCode(200)
  @UseGuards(DeviceVerificationGuard)
  consent(
    @CurrentDeviceVerification() verification: DeviceVerification,
    @Body('decision') decision: unknown,
    @Body(CSRF_FIELD) csrf: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.flow.decide(req, res, verification, decision, csrf);
  }

  // Last, so the named pages above match first: the registered steps (InteractionStep), a 404
  // for any other name before the device code is looked up.
  @Get(':step')
  @UseGuards(KnownStepGuard, DeviceVerificationGuard)
  stepPage(
    @CurrentDeviceVerification() verification: DeviceVerification,
    @Param('step') step: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.flow.stepPage(req, res, verification, step);
  }

  @Post(':step')
  @HttpCode(200)
  @UseGuards(KnownStepGuard, DeviceVerificationGuard)
  stepAnswer(
    @CurrentDeviceVerification() verification: DeviceVerification,
    @Param('step') step: string,
    @Body(CSRF_FIELD) csrf: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.flow.stepAnswer(req, res, verification, step, csrf);
  }
}
