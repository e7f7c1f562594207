import type { Request } from 'express';

/**
 * The Express route pattern that matched a request (`/interaction/:id/login`), undefined when
 * none did. Unlike the raw path it is bounded (no ids, no query) and canonical: Express matches
 * `/OAUTH2/TOKEN/` to `/oauth2/token`. Nest mounts global middleware as a catch-all route
 * (`{/*splat}`), which is what unmatched requests report: wildcard patterns count as no match.
 */
export function routePattern(req: Request): string | undefined {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? `${req.baseUrl}${path}` : undefined;
}
