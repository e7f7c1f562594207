import { Controller, HttpCode, Options, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HotRequest, HotResponse } from '../common/fast-path/hot-request';
import { HotRoute } from '../common/fast-path/hot-route.decorator';
import { allowAnyOrigin, answerPreflight } from '../common/http/cors';
import { ClientTokenRequestReader } from './client-token-request';
import { RevocationService } from './revocation.service';

export const REVOCATION_PATH = '/oauth2/revoke';

/** POST /oauth2/revoke (RFC 7009 §2): 200 with an empty body, whether or not anything was revoked. */
@ApiExcludeController()
@Controller(REVOCATION_PATH.slice(1))
export class RevocationController {
  constructor(
    private readonly requests: ClientTokenRequestReader,
    private readonly revocation: RevocationService,
  ) {}

  @Post()
  @HttpCode(200)
  @HotRoute()
  async revoke(@Req() req: HotRequest, @Res({ passthrough: true }) res: HotResponse): Promise<void> {
    allowAnyOrigin(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const { client, token } = await this.requests.read(req, REVOCATION_PATH);
    await this.revocation.revoke(client, token);
  }

  /** Browser-based public clients revoke their tokens from their own origin when they sign out. */
  @Options()
  preflight(@Res() res: Response): void {
    answerPreflight(res, 'POST');
  }
}
