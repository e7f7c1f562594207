import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MetricsService } from './metrics.service';
import { routePattern } from '../common/http/route-pattern';

/** One histogram observation per response, when it has been sent: the only per-request cost. */
export function httpMetricsMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Requests no route matched (404s, static files, Swagger UI) share one label.
      metrics.observeHttp(req.method, routePattern(req) ?? 'unmatched', res.statusCode, seconds);
    });
    next();
  };
}
