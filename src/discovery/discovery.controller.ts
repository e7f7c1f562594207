import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HotRequest, HotResponse } from '../common/fast-path/hot-request';
import { HotRoute } from '../common/fast-path/hot-route.decorator';
import { DiscoveryDocuments } from './discovery-documents';
import { discoveryResponses, sendDocument, type DiscoveryResponse } from './discovery-responses';

/**
 * OIDC Discovery 1.0 §4, RFC 8414 §3 and the JWKS (RFC 7517 §5), readable from any origin.
 * Usually answered ahead of Nest by the discovery fast path (discovery-fast-path.ts); when it is
 * not installed (LOG_LEVEL=debug) these hot routes are answered by the protocol fast path, and
 * they serve through the router when a document could not be built there.
 */
@ApiExcludeController()
@Controller('.well-known')
export class DiscoveryController {
  private readonly openid: DiscoveryResponse;
  private readonly authorizationServer: DiscoveryResponse;
  private readonly keys: DiscoveryResponse;

  constructor(documents: DiscoveryDocuments) {
    [this.openid, this.authorizationServer, this.keys] = discoveryResponses(documents);
  }

  @Get('openid-configuration')
  @HotRoute()
  openidConfiguration(@Req() _req: HotRequest, @Res() res: HotResponse): Promise<void> {
    return send(res, this.openid);
  }

  @Get('oauth-authorization-server')
  @HotRoute()
  authorizationServerMetadata(@Req() _req: HotRequest, @Res() res: HotResponse): Promise<void> {
    return send(res, this.authorizationServer);
  }

  @Get('jwks.json')
  @HotRoute()
  jwks(@Req() _req: HotRequest, @Res() res: HotResponse): Promise<void> {
    return send(res, this.keys);
  }
}

async function send(res: HotResponse, document: DiscoveryResponse): Promise<void> {
  sendDocument(res, await document.body(), document.cacheControl);
}
