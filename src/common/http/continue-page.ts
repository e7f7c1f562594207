import type { Response } from 'express';

/** Where a continue page sends the browser: a link, or a form posted by the user's press (form_post). */
export interface Destination {
  url: string;
  /** Posted as a form (OAuth 2.0 Form Post Response Mode) rather than followed as a link. */
  form?: Record<string, string>;
}

export interface ContinuePage {
  status: number;
  title: string;
  /** What happened, in a sentence. */
  message: string;
  destination: Destination;
  /** Why the server does not send the browser on by itself. */
  reason: string;
  /** Pages loaded in hidden iframes (OIDC Front-Channel Logout); the caller's CSP must allow them. */
  frames?: string[];
}

/**
 * RFC 9700 §4.11.2: when the server cannot vouch for where a redirect would go, it does not send
 * the browser there on its own; it names the destination, its host most prominently, and the
 * user decides (views/continue.hbs). Nothing on the page moves by itself: no script, no refresh.
 */
export function renderContinuePage(res: Response, page: ContinuePage): void {
  const { url, form } = page.destination;
  res.setHeader('Cache-Control', 'no-store');
  res.status(page.status).render('continue', {
    title: page.title,
    message: page.message,
    reason: page.reason,
    host: destinationHost(url),
    url,
    fields: form && Object.entries(form).map(([name, value]) => ({ name, value })),
    frames: page.frames ?? [],
  });
}

/** The host a user should judge the destination by; the scheme for an app's own scheme (com.example.app:/cb). */
export function destinationHost(url: string): string {
  const parsed = new URL(url);
  return parsed.host || parsed.protocol.replace(/:$/, '');
}
