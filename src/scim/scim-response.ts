import type { Response } from 'express';
import type { ScimError } from './scim-error';

export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** A SCIM answer: the SCIM media type, and the resource's version as its ETag (RFC 7644 §3.14). */
export function sendScim(res: Response, status: number, body?: Record<string, unknown>): void {
  const version = (body?.meta as { version?: string } | undefined)?.version;
  if (version) res.setHeader('ETag', version);
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** A SCIM error body (RFC 7644 §3.12), with a Bearer challenge on 401. */
export function sendScimError(res: Response, error: ScimError): void {
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
  res.status(error.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(error.toJSON()));
}
