import type { Response } from 'express';

/**
 * The server-wide Content-Security-Policy (app.setup.ts) allows no script. A page that needs
 * one (a WebAuthn ceremony) loads this server's own files, never inline code: its policy gains
 * script-src 'self' and, when its script fetches from this server, connect-src 'self'. A
 * directive the policy already has is left as it is.
 */
export function allowSameOriginScripts(res: Response, options: { fetches?: boolean } = {}): void {
  const current = res.getHeader('Content-Security-Policy');
  const policy = typeof current === 'string' ? current : '';
  const has = (directive: string) => new RegExp(`(^|;)\\s*${directive}\\s`).test(policy);
  const added = [
    ...(has('script-src') ? [] : ["script-src 'self'"]),
    ...(options.fetches && !has('connect-src') ? ["connect-src 'self'"] : []),
  ];
  if (added.length > 0) res.setHeader('Content-Security-Policy', [policy, ...added].filter(Boolean).join(';'));
}
