import { Controller, HttpCode, Options, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HotRequest, HotResponse } from '../../common/fast-path/hot-request';
import { HotRoute } from '../../common/fast-path/hot-route.decorator';
import { allowAnyOrigin, answerPreflight } from '../../common/http/cors';
import { DPOP_NONCE_HEADER, DpopProofVerifier } from '../dpop/dpop-proof.verifier';
import type { TokenResponse } from '../issuing/token-response';
import { TokenRequestPipeline } from './token-request.pipeline';

/** POST /oauth2/token (RFC 6749 §3.2), every grant. */
@ApiExcludeController()
@Controller('oauth2')
export class TokenController {
  constructor(
    private readonly pipeline: TokenRequestPipeline,
    private readonly dpop: DpopProofVerifier,
  ) {}

  @Post('token')
  @HttpCode(200)
  @HotRoute()
  token(@Req() req: HotRequest, @Res({ passthrough: true }) res: HotResponse): Promise<TokenResponse> {
    // RFC 6749 §5.1: tokens must not be cached. Set first, so error responses carry them too.
    allowAnyOrigin(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    // RFC 9449 §8.2: every answer to a DPoP request carries the current nonce, so clients keep up with its rotation.
    if (req.headers.dpop !== undefined) res.setHeader(DPOP_NONCE_HEADER, this.dpop.currentNonce());
    return this.pipeline.run(req);
  }

  /** Browser-based public clients redeem codes and refresh tokens from their own origin. */
  @Options('token')
  preflight(@Res() res: Response): void {
    answerPreflight(res, 'POST');
  }
}
