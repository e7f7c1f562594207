import type { Response } from 'express';
import { SCIM_CONTENT_TYPE } from './scim-exception.filter';

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
