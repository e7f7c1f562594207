import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

/** The level a successful answer of a hot endpoint is logged at. */
export const HOT_SUCCESS_LEVEL = 'debug';

/**
 * The level of a request's access log line (access-log.middleware.ts). The hot endpoints
 * (`hotPaths`, the @HotRoute() routes: HotRoutes) are called thousands of times a second by relying
 * parties and resource servers. Writing one line per successful call cost about a tenth of the
 * server's CPU there (bench/, docs/performance.md), and says nothing the metrics do not: their
 * successes are logged at debug. Their failures, and every request to any other endpoint, stay at info.
 */
export function accessLogLevel(
  req: IncomingMessage,
  res: ServerResponse,
  err: Error | undefined,
  hotPaths: ReadonlySet<string>,
): LevelWithSilent {
  if (err || res.statusCode >= 500) return 'error';
  // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  if (res.statusCode < 400 && hotPaths.has(url.split('?')[0])) return HOT_SUCCESS_LEVEL;
  return 'info';
}

/** Whether a logger at `level` writes the access log lines of successful hot requests. */
export function logsHotSuccesses(level: string): boolean {
  return level === 'debug' || level === 'trace';
}
