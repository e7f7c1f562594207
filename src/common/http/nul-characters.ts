import type { NextFunction, Request, Response } from 'express';
import { OAuthErrors } from '../errors/oauth-error';

const ENCODED_NUL = /%00/;

/** Whether a parsed body holds U+0000 in any name or text value; iterative, as bodies may nest deep. */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (node.includes('\0')) return true;
    } else if (typeof node === 'object' && node !== null) {
      for (const [name, child] of Object.entries(node)) {
        if (name.includes('\0')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

/**
 * Postgres text cannot hold U+0000: a query carrying one fails. No OAuth, OIDC or admin
 * parameter, identifier or form field has a use for it, so a request with one in its path,
 * query or body is refused as invalid_request before any route runs, and no lookup ever sends
 * it to the database. Runs after the body parsers.
 */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (ENCODED_NUL.test(req.originalUrl) || containsNul(req.body))
    return next(OAuthErrors.invalidRequest('the request contains a NUL character'));
  next();
}
