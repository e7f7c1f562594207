import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DiscoveryDocuments } from './discovery-documents';

// Metadata changes only with a deployment or an operator's edit.
const METADATA_CACHE_CONTROL = 'public, max-age=300';
// Short, so a relying party soon sees a key published ahead of a rotation.
const JWKS_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** OIDC Discovery 1.0 §4, RFC 8414 §3 and the JWKS (RFC 7517 §5), readable from any origin. */
@ApiExcludeController()
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly documents: DiscoveryDocuments) {}

  @Get('openid-configuration')
  async openidConfiguration(@Res() res: Response): Promise<void> {
    sendJson(res, await this.documents.metadataJson(), METADATA_CACHE_CONTROL);
  }

  @Get('oauth-authorization-server')
  async authorizationServerMetadata(@Res() res: Response): Promise<void> {
    sendJson(res, await this.documents.metadataJson(), METADATA_CACHE_CONTROL);
  }

  @Get('jwks.json')
  async jwks(@Res() res: Response): Promise<void> {
    sendJson(res, await this.documents.jwksJson(), JWKS_CACHE_CONTROL);
  }
}

/** The prebuilt bytes as they are: no serialisation, no ETag hashing on the hot path. */
function sendJson(res: Response, body: Buffer, cacheControl: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.end(body);
}
