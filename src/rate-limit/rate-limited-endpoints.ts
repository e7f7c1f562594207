import type { RateLimitName } from '../config/rate-limit-setting';

/**
 * Which limit a request counts against, by method and Express route pattern (the pattern, not
 * the raw path: Express matches paths case-insensitively and with a trailing slash, so a raw
 * path test could be sidestepped with `/OAUTH2/TOKEN/`). Everything else is not limited.
 */
const ENDPOINTS: Record<string, RateLimitName> = {
  'POST /oauth2/token': 'token',
  // RFC 9126: client-authenticated like the token endpoint, and counted with it.
  'POST /oauth2/par': 'token',
  'POST /oauth2/introspect': 'introspection',
  'POST /interaction/:id/login': 'login',
  'POST /oauth2/device/login': 'login',
  'POST /interaction/:id/federation/:provider': 'login',
  'POST /admin/console/sign-in': 'login',
  'POST /admin/console/sign-in/account': 'login',
  // Password reset (issue #18): asking for links, and trying tokens.
  'POST /account/password/forgot': 'login',
  'POST /account/password/reset': 'login',
  'POST /account/email/verify': 'login',
  'POST /account/email/resend': 'login',
  'POST /account/signup': 'registration',
  'POST /account/sign-in': 'login',
  'POST /oauth2/register': 'registration',
  'GET /oauth2/register/:clientId': 'registration',
  'PUT /oauth2/register/:clientId': 'registration',
  'DELETE /oauth2/register/:clientId': 'registration',
  'POST /oauth2/device_authorization': 'device',
  'GET /oauth2/device': 'device',
  'POST /oauth2/device': 'device',
};

export function rateLimitFor(method: string, routePattern: string | undefined): RateLimitName | undefined {
  return routePattern === undefined ? undefined : ENDPOINTS[`${method} ${routePattern}`];
}

/**
 * Limits counted on a hot route (HotRoutes: thousands of requests a second) count per replica in
 * memory, so their effective limit is the configured one times the replica count; the others
 * (login, registration, device) live in Postgres, so N replicas allow the configured number in total.
 */
export function perReplicaLimits(hotRoutes: readonly { method: string; path: string }[]): ReadonlySet<string> {
  return new Set(hotRoutes.map((r) => rateLimitFor(r.method, r.path)).filter((name) => name !== undefined));
}
