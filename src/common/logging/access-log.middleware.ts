import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { accessLogLevel } from './access-log-level';
import { assignRequestId } from './request-id';

type Next = (error?: unknown) => void;

/**
 * Gives every request its id and writes one line when it ends: method, path (never the query
 * string, which may carry a code or a token), status and time. The line is built only when its
 * level is enabled, so the hot endpoints' successes (debug) cost a closure and a clock read.
 * `hotPaths`: the hot routes' paths (HotRoutes.paths()).
 */
export function accessLog(logger: Logger, hotPaths: ReadonlySet<string>) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const id = assignRequestId(req, res);
    const path = (req.url ?? '').split('?')[0];
    if (path.startsWith('/health')) return next();
    const start = performance.now();
    const done = () => {
      res.removeListener('close', done);
      const aborted = !res.writableFinished;
      const level = accessLogLevel(req, res, aborted ? new Error('request aborted') : undefined, hotPaths);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id, method: req.method, path },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - start),
        },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    res.once('close', done);
    next();
  };
}
