import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DiscoveryDocuments } from './discovery-documents';
import { discoveryResponses, sendDocument, type DiscoveryResponse } from './discovery-responses';

/**
 * OIDC Discovery 1.0 §4, RFC 8414 §3 and the JWKS (RFC 7517 §5), readable from any origin.
 * Usually answered ahead of Nest by the fast path (discovery-fast-path.ts); these routes serve
 * when it does not (LOG_LEVEL=debug, or a document could not be built there).
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
  openidConfiguration(@Res() res: Response): Promise<void> {
    return send(res, this.openid);
  }

  @Get('oauth-authorization-server')
  authorizationServerMetadata(@Res() res: Response): Promise<void> {
    return send(res, this.authorizationServer);
  }

  @Get('jwks.json')
  jwks(@Res() res: Response): Promise<void> {
    return send(res, this.keys);
  }
}

async function send(res: Response, document: DiscoveryResponse): Promise<void> {
  sendDocument(res, await document.body(), document.cacheControl);
}
