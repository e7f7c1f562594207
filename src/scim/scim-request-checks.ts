import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ScimError } from './scim-error';
import { scimErrorOfRequestRefusal } from './scim-request-refusals';
import { sendScimError } from './scim-response';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
export const SCIM_MEDIA_TYPES = ['application/scim+json', 'application/json'];

/**
 * RFC 7644 §3.1, §8.1: a SCIM request body is application/scim+json (application/json is
 * accepted too). Any other is refused with 415, so a form body is never taken for a resource.
 */
export const requireScimMediaType: RequestHandler = (req, _res, next) => {
  if (BODY_METHODS.has(req.method) && req.is(SCIM_MEDIA_TYPES) === false)
    return next(new ScimError(415, `the request body must be ${SCIM_MEDIA_TYPES.join(' or ')}`));
  next();
};

/**
 * Mounted at /scim/v2 after the app-wide middleware: what it refuses (a body too large, not
 * JSON, in another charset, holding a NUL) is answered as a SCIM error (RFC 7644 §3.12), which
 * the app-wide error handler would answer in the OAuth error shape.
 */
export const answerScimRequestRefusals: ErrorRequestHandler = (error, _req, res, next) => {
  const refusal = error instanceof ScimError ? error : scimErrorOfRequestRefusal(error);
  if (!refusal || res.headersSent) return next(error);
  sendScimError(res, refusal);
};
