import type { ServerResponse } from 'node:http';
import type { DiscoveryDocuments } from './discovery-documents';
import { sendJsonBytes } from '../common/http/send-json';

// Metadata changes only with a deployment or an operator's edit.
const METADATA_CACHE_CONTROL = 'public, max-age=300';
// Short, so a relying party soon sees a key published ahead of a rotation.
const JWKS_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** One public document: where it is served, its prebuilt bytes and how long it may be cached. */
export interface DiscoveryResponse {
  path: string;
  body(): Promise<Buffer>;
  cacheControl: string;
}

/** OIDC Discovery 1.0 §4, RFC 8414 §3 and the JWKS (RFC 7517 §5). */
export function discoveryResponses(documents: DiscoveryDocuments): DiscoveryResponse[] {
  const metadata = () => documents.metadataJson();
  return [
    { path: '/.well-known/openid-configuration', body: metadata, cacheControl: METADATA_CACHE_CONTROL },
    { path: '/.well-known/oauth-authorization-server', body: metadata, cacheControl: METADATA_CACHE_CONTROL },
    { path: '/.well-known/jwks.json', body: () => documents.jwksJson(), cacheControl: JWKS_CACHE_CONTROL },
  ];
}

/** The prebuilt bytes as they are, readable from any origin: no serialisation, no ETag hashing. */
export function sendDocument(res: ServerResponse, body: Buffer, cacheControl: string): void {
  res.statusCode = 200;
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Access-Control-Allow-Origin', '*');
  sendJsonBytes(res, body);
}
