import type { Response } from 'express';

/**
 * The server-wide policy allows no script at all; console pages may load scripts from this
 * origin (public/console.js: copy buttons), still none inline, and post forms to this origin only.
 */
export const CONSOLE_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // The account sign-in page's passkey script fetches its challenge (public/passkey-sign-in.js).
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Console pages carry CSRF tokens, secrets shown once and personal data: never cached, never framed. */
export function setConsolePageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONSOLE_PAGE_POLICY);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}
