import type { Request } from 'express';

export interface PresentedAdminToken {
  token: string;
  /** A bearer token may also be an OAuth access token; an X-Admin-Token never is. */
  via: 'header' | 'bearer';
}

// RFC 6750 §2.1: b64token after the case-insensitive scheme name.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of `X-Admin-Token: <token>` or else of `Authorization: Bearer <token>`. */
export function presentedAdminToken(req: Request): PresentedAdminToken | null {
  const header = req.get('x-admin-token')?.trim();
  if (header) return { token: header, via: 'header' };
  const match = BEARER.exec(req.get('authorization') ?? '');
  return match ? { token: match[1], via: 'bearer' } : null;
}
