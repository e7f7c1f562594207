import { All, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OAuthError } from '../../common/errors/oauth-error';
import { DPOP_NONCE_HEADER, DpopProofVerifier } from '../../token/dpop/dpop-proof.verifier';
import { PAR_PATH } from './par-paths';
import { ParService, type PushedAuthorizationResponse } from './par.service';

/** POST /oauth2/par (RFC 9126 §2). */
@ApiExcludeController()
@Controller(PAR_PATH.slice(1))
export class ParController {
  constructor(
    private readonly par: ParService,
    private readonly dpop: DpopProofVerifier,
  ) {}

  @Post()
  @HttpCode(201)
  push(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PushedAuthorizationResponse> {
    // RFC 9126 §2.2: the response must not be cached. Set first, so errors carry it too.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    // RFC 9449 §8.2: every answer to a request with a DPoP proof carries the current nonce.
    if (req.headers.dpop !== undefined) res.setHeader(DPOP_NONCE_HEADER, this.dpop.currentNonce());
    return this.par.push(req);
  }

  /** RFC 9126 §2.3: any other method is 405. Registered after POST, so it sees only the others. */
  @All()
  otherMethod(@Res({ passthrough: true }) res: Response): never {
    res.setHeader('Allow', 'POST');
    throw new OAuthError('invalid_request', 'the pushed authorization request endpoint takes POST only', {
      status: 405,
    });
  }
}
