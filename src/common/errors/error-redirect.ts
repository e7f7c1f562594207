import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { renderContinuePage } from '../http/continue-page';
import type { ErrorRedirect, OAuthError } from './oauth-error';

/**
 * RFC 6749 §4.1.2.1 with RFC 9207 `iss`: the error goes back to the verified redirect_uri in
 * the response mode the request asked for.
 */
export function renderErrorRedirect(res: Response, error: OAuthError, to: ErrorRedirect, issuer: string): void {
  const params: Record<string, string> = { ...error.toJSON() };
  if (to.state !== undefined) params.state = to.state;
  params.iss = issuer;
  if (to.viaPage) return renderErrorContinuePage(res, error, to, params);
  sendAuthorizationResponse(res, to.redirectUri, to.responseMode, params);
}

/**
 * RFC 9700 §4.11.2: an error response is sent without the user doing anything, so for a client
 * no administrator vouches for (anyone may register one with any redirect_uri) it would make
 * this server an open redirector. The user sees where it goes and chooses to continue.
 */
function renderErrorContinuePage(
  res: Response,
  error: OAuthError,
  to: ErrorRedirect,
  params: Record<string, string>,
): void {
  renderContinuePage(res, {
    status: error.status,
    title: 'The request could not be completed',
    message: error.errorDescription ?? error.error,
    destination:
      to.responseMode === 'form_post'
        ? { url: to.redirectUri, form: params }
        : { url: authorizationResponseUrl(to.redirectUri, to.responseMode, params) },
    reason: 'This application registered itself and has not been approved by an administrator of this server.',
  });
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
  res.redirect(303, authorizationResponseUrl(redirectUri, mode, params));
}

/** RFC 6749 §4.1.2 (query) and §4.2.2 (fragment): the response's parameters on the redirect URI. */
function authorizationResponseUrl(
  redirectUri: string,
  mode: 'query' | 'fragment',
  params: Record<string, string>,
): string {
  const url = new URL(redirectUri);
  if (mode === 'fragment') {
    url.hash = new URLSearchParams(params).toString();
  } else {
    for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
  }
  return url.toString();
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
