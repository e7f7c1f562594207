/** How a path shows its errors: to a browser as a page, or to a program as JSON. */
export type ErrorFormat = 'html' | 'json';

const BROWSER_PATHS = [
  /^\/oauth2\/authorize\b/,
  /^\/oauth2\/logout\b/,
  /^\/oauth2\/device(\/|$)/,
  /^\/interaction\//,
  /^\/federation\//,
  /^\/setup\b/,
];

export function errorFormatFor(path: string): ErrorFormat {
  return BROWSER_PATHS.some((p) => p.test(path)) ? 'html' : 'json';
}

/** The end-session endpoint's pages (RP-Initiated Logout): their errors speak of signing out. */
export function isSignOutPath(path: string): boolean {
  return /^\/oauth2\/logout\b/.test(path);
}
