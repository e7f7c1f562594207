/** The console's pages; the JSON API is beside it under /admin/*, so no route can clash. */
export const CONSOLE_PATH = '/admin/console';

/** A console URL from path segments, each URL-encoded (scope names may hold / or :). */
export function consoleUrl(...segments: string[]): string {
  return [CONSOLE_PATH, ...segments.map(encodeURIComponent)].join('/');
}

export const SIGN_IN_URL = consoleUrl('sign-in');
