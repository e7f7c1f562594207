import { Controller, Get, Options, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { allowAnyOrigin, answerPreflight } from '../../common/http/cors';
import { sendJson } from '../../common/http/send-json';
import { AccessTokenVerifier } from '../access-token.verifier';
import { bearerTokenOf } from './bearer-token';
import { UserinfoService } from './userinfo.service';

export const USERINFO_PATH = '/oauth2/userinfo';

/**
 * OIDC Core §5.3 UserInfo, a bearer-protected resource (RFC 6750). Browser-based RPs call it
 * from other origins; it is authorised by the bearer token alone, never by cookies, so any
 * origin may read it.
 */
@ApiExcludeController()
@Controller(USERINFO_PATH.slice(1))
export class UserinfoController {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly userinfo: UserinfoService,
  ) {}

  @Get()
  get(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.respond(req, res);
  }

  @Post()
  post(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.respond(req, res);
  }

  /** CORS preflight: the Authorization header makes a browser ask first. */
  @Options()
  preflight(@Res() res: Response): void {
    answerPreflight(res, 'GET, POST');
  }

  private async respond(req: Request, res: Response): Promise<void> {
    // Set before anything can fail, so error responses carry them as well.
    allowAnyOrigin(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const token = bearerTokenOf(req);
    if (token === undefined) {
      // RFC 6750 §3.1: a request without authentication gets a challenge and no error code.
      res.setHeader('WWW-Authenticate', 'Bearer realm="oauth2"');
      res.statusCode = 401;
      res.end();
      return;
    }
    const claims = await this.userinfo.claimsFor(await this.verifier.verifyWithUser(token));
    // Node's response API: the protocol fast path calls this without Express's (see there).
    res.statusCode = 200;
    sendJson(res, claims);
  }
}
