import type { Response } from 'express';
import type { ErrorRedirect, OAuthError } from './oauth-error';

/**
 * RFC 6749 §4.1.2.1 with RFC 9207 `iss`: the error goes back to the verified redirect_uri in
 * the response mode the request asked for.
 */
export function renderErrorRedirect(res: Response, error: OAuthError, to: ErrorRedirect, issuer: string): void {
  const params: Record<string, string> = { ...error.toJSON() };
  if (to.state !== undefined) params.state = to.state;
  params.iss = issuer;
  sendAuthorizationResponse(res, to.redirectUri, to.responseMode, params);
}

export function sendAuthorizationResponse(
  res: Response,
  redirectUri: string,
  mode: ErrorRedirect['responseMode'],
  params: Record<string, string>,
): void {
  res.setHeader('Cache-Control', 'no-store');
  if (mode === 'form_post') {
    res
      .status(200)
      .render('form-post', {
        layout: false,
        action: redirectUri,
        params: Object.entries(params).map(([name, value]) => ({ name, value })),
      });
    return;
  }
  const url = new URL(redirectUri);
  if (mode === 'fragment') {
    url.hash = new URLSearchParams(params).toString();
  } else {
    for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
  }
  res.redirect(303, url.toString());
}
