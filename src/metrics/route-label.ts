import type { Request } from 'express';

/**
 * The route pattern that served a request (`/interaction/:id/login`), never the raw URL, so
 * ids and query strings cannot multiply the series. Requests no route matched (404s, static
 * assets, Swagger UI) share one label. Nest mounts global middleware as a catch-all route
 * (`{/*splat}`), which is what such requests report: wildcard patterns count as unmatched.
 */
export function routeLabel(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? `${req.baseUrl}${path}` : 'unmatched';
}
