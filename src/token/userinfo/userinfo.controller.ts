import { Controller, Get, Options, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HotRequest, HotResponse } from '../../common/fast-path/hot-request';
import { HotRoute } from '../../common/fast-path/hot-route.decorator';
import { allowAnyOrigin, answerPreflight } from '../../common/http/cors';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { AccessTokenVerifier, type VerifiedAccessTokenWithUser } from '../access-token.verifier';
import { dpopAccessTokenOf } from '../dpop/dpop-header';
import { asResourceError, DPOP_NONCE_HEADER, DpopProofVerifier } from '../dpop/dpop-proof.verifier';
import { bearerTokenOf } from './bearer-token';
import { sendUserinfo } from './userinfo-response';
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
    private readonly dpop: DpopProofVerifier,
    private readonly clients: ClientsService,
  ) {}

  @Get()
  @HotRoute()
  get(@Req() req: HotRequest, @Res() res: HotResponse): Promise<void> {
    return this.respond(req, res);
  }

  @Post()
  @HotRoute()
  post(@Req() req: HotRequest, @Res() res: HotResponse): Promise<void> {
    return this.respond(req, res);
  }

  /** CORS preflight: the Authorization header makes a browser ask first. */
  @Options()
  preflight(@Res() res: Response): void {
    answerPreflight(res, 'GET, POST');
  }

  private async respond(req: HotRequest, res: HotResponse): Promise<void> {
    // Set before anything can fail, so error responses carry them as well.
    allowAnyOrigin(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    // RFC 9449 §8.2: every answer to a DPoP request carries the current nonce.
    if (req.headers.dpop !== undefined) res.setHeader(DPOP_NONCE_HEADER, this.dpop.currentNonce());
    const dpopToken = dpopAccessTokenOf(req);
    const token = dpopToken ?? bearerTokenOf(req);
    if (token === undefined) {
      // RFC 6750 §3.1: a request without authentication gets a challenge and no error code.
      res.setHeader('WWW-Authenticate', 'Bearer realm="oauth2"');
      res.statusCode = 401;
      res.end();
      return;
    }
    const verified =
      dpopToken === undefined
        ? await this.verifier.verifyWithUser(token)
        : await this.verifier.verifyWithUser(token).catch((error: unknown) => Promise.reject(asResourceError(error)));
    const client = await this.assertSenderConstrained(req, token, verified, dpopToken !== undefined);
    sendUserinfo(res, await this.userinfo.responseFor(verified, client));
  }

  /**
   * RFC 9449 §7.1: a DPoP-bound token only under the DPoP scheme with a proof by its key, never as
   * a bearer token (§7.2); an unbound token never under the DPoP scheme. Bearer requests for
   * unbound tokens do no DPoP work at all. Returns the client when it read it (a bound token), for
   * the answer to use rather than read it again; undefined otherwise.
   */
  private async assertSenderConstrained(
    req: HotRequest,
    token: string,
    verified: VerifiedAccessTokenWithUser,
    dpopScheme: boolean,
  ): Promise<Client | null | undefined> {
    if (verified.dpopJkt === null) {
      if (dpopScheme)
        throw OAuthErrors.invalidToken('the access token is not DPoP-bound: send it with the Bearer scheme', {
          challenge: 'DPoP',
        });
      return undefined;
    }
    if (!dpopScheme)
      throw OAuthErrors.invalidToken(
        'the access token is DPoP-bound: send it as "Authorization: DPoP" with a DPoP proof',
        {
          challenge: 'DPoP',
        },
      );
    // From ClientsService's cache: FAPI 2.0 clients' proofs take fewer algs (§5.4).
    const client = await this.clients.findById(verified.clientId);
    await this.dpop.forResource(req, USERINFO_PATH, token, verified.dpopJkt, {
      fapi2: client?.fapi2SecurityProfile === true,
    });
    return client;
  }
}
