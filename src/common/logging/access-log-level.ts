import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

/**
 * The protocol endpoints relying parties and resource servers call thousands of times a second.
 * Writing one access log line per successful call cost about a tenth of the server's CPU there
 * (bench/, docs/performance.md), and says nothing the metrics do not: their successes are
 * logged at debug. Their failures, and every request to any other endpoint, stay at info.
 */
export const HOT_PATHS: ReadonlySet<string> = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
  '/oauth2/token',
  '/oauth2/introspect',
  '/oauth2/revoke',
  '/oauth2/userinfo',
]);

/** The level a successful answer of a hot endpoint is logged at. */
export const HOT_SUCCESS_LEVEL = 'debug';

/** The level of a request's access log line (access-log.middleware.ts). */
export function accessLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error): LevelWithSilent {
  if (err || res.statusCode >= 500) return 'error';
  // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  if (res.statusCode < 400 && HOT_PATHS.has(url.split('?')[0])) return HOT_SUCCESS_LEVEL;
  return 'info';
}

/** Whether a logger at `level` writes the access log lines of successful hot requests. */
export function logsHotSuccesses(level: string): boolean {
  return level === 'debug' || level === 'trace';
}
