/**
 * Where the "Sign-in methods" page may send the browser back to once a factor is set up: a
 * step of a sign-in in progress on this server, by path (the enrolment a policy asked for), so
 * a crafted link cannot make the page an open redirect.
 */
const STEP_PATHS =
  /^\/(?:interaction\/[A-Za-z0-9_-]{1,128}|oauth2\/device|admin\/console\/sign-in\/account)\/[a-z][a-z0-9-]{0,31}$/;

export function securityReturnPath(value: unknown): string | undefined {
  return typeof value === 'string' && STEP_PATHS.test(value) ? value : undefined;
}
