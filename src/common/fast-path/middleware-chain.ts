import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs Express middleware in order, as app.use() would, then calls `done` (with the error one
 * of them passed to next, or threw).
 */
export function runMiddleware(
  middleware: readonly RequestHandler[],
  req: Request,
  res: Response,
  done: (error?: unknown) => void,
): void {
  let index = 0;
  const next: NextFunction = (error?: unknown) => {
    if (error !== undefined && error !== null) return done(error);
    const handler = middleware[index++];
    if (!handler) return done();
    try {
      void handler(req, res, next);
    } catch (thrown) {
      done(thrown);
    }
  };
  next();
}
