import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DEVICE_AUTHORIZATION_PATH } from '../device-paths';
import type { DeviceAuthorizationResponse } from './device-authorization-response';
import { DeviceAuthorizationService } from './device-authorization.service';

/** POST /oauth2/device_authorization (RFC 8628 §3.1). */
@ApiExcludeController()
@Controller(DEVICE_AUTHORIZATION_PATH.slice(1))
export class DeviceAuthorizationController {
  constructor(private readonly devices: DeviceAuthorizationService) {}

  @Post()
  @HttpCode(200)
  authorize(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DeviceAuthorizationResponse> {
    // The device code is a credential: never cached (RFC 6749 §5.1). Set first, so errors carry it too.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    return this.devices.authorize(req);
  }
}
