import { randomBytes } from 'node:crypto';
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
    const nonce = randomBytes(16).toString('base64url');
    res.setHeader('Content-Security-Policy', formPostPolicy(nonce));
    res.status(200).render('form-post', {
      layout: false,
      nonce,
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

/**
 * OAuth 2.0 Form Post Response Mode §2: the page submits itself, so this one response allows
 * its own script by nonce. form-action stays as open as the global policy: an RP may redirect
 * after receiving the post, and browsers check form-action on those redirects too.
 */
function formPostPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "form-action 'self' https: http:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
