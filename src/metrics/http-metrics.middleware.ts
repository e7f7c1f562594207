import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MetricsService } from './metrics.service';
import { routePattern } from '../common/http/route-pattern';

/** One histogram observation per response, when it has been sent: the only per-request cost. */
export function httpMetricsMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Requests no route matched (404s, static files, Swagger UI) share one label.
    observeWhenSent(metrics, req.method, res, () => routePattern(req) ?? 'unmatched');
    next();
  };
}

/** Observes the response's status and time since now once it has been sent; `route` is read then. */
export function observeWhenSent(
  metrics: MetricsService,
  method: string,
  res: ServerResponse,
  route: () => string,
): void {
  const start = process.hrtime.bigint();
  res.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    metrics.observeHttp(method, route(), res.statusCode, seconds);
  });
}
