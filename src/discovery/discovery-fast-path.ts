import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, RequestHandler, Response } from 'express';
import { placeAheadOfListener } from '../common/fast-path/ahead-of-listener';
import { assignRequestId } from '../common/logging/request-id';
import { observeWhenSent } from '../metrics/http-metrics.middleware';
import type { MetricsService } from '../metrics/metrics.service';
import { DiscoveryDocuments } from './discovery-documents';
import { discoveryResponses, sendDocument, type DiscoveryResponse } from './discovery-responses';

export interface FastPathOptions {
  /** The security-header middleware every response gets (helmet). */
  securityHeaders: RequestHandler;
  /** Observes the request like the metrics middleware does; undefined when metrics are off. */
  metrics?: MetricsService;
}

/**
 * The discovery documents and the JWKS are the most requested answers and the same bytes for
 * everyone, yet Express and Nest cost five times more per request than building the answer
 * (bench/, docs/performance.md). A GET of exactly one of their paths is answered here, ahead
 * of Express, with what the Express pipeline would send: the security headers, the X-Request-Id
 * the logger sets, the controller's answer, and the same metrics observation. Everything else
 * (other methods, other spellings, query strings, a document that cannot be built) goes to
 * Express as before. Install it only when the access log would not record these requests
 * anyway: successful hot requests are logged at debug (access-log-level.ts).
 */
export function installDiscoveryFastPath(app: NestExpressApplication, options: FastPathOptions): void {
  const server = app.getHttpServer() as Server;
  const documents = new Map(discoveryResponses(app.get(DiscoveryDocuments)).map((d) => [d.path, d]));
  placeAheadOfListener(server, (req, res, express) => {
    const document = req.method === 'GET' ? documents.get(req.url ?? '') : undefined;
    if (document) serve(document, req, res, options, () => express(req, res));
    else express(req, res);
  });
}

function serve(
  document: DiscoveryResponse,
  req: IncomingMessage,
  res: ServerResponse,
  { securityHeaders, metrics }: FastPathOptions,
  fallBack: () => void,
): void {
  securityHeaders(req as Request, res as Response, () => undefined);
  assignRequestId(req, res);
  document.body().then((body) => {
    if (metrics) observeWhenSent(metrics, 'GET', res, () => document.path);
    sendDocument(res, body, document.cacheControl);
  }, fallBack);
}
