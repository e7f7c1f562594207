import fc from 'fast-check';
import type { FuzzContext } from './fuzz-targets';
import { ADMIN_TOKEN } from './hardening-app';
import { encode, hostileJsonBody, hostileParams, hostileWireValue, toQuery } from './hostile-values';
import type { Probe } from './probe';

/** Admin routes: method, path with `:id` for an entity the suite owns, and the JSON fields they read. */
const ADMIN_ROUTES: [string, string, (a: FuzzContext['admin']) => string, string[]][] = [
  ['GET', '/admin/clients', () => '', []],
  ['GET', '/admin/clients/:id', (a) => a.clientId, []],
  [
    'POST',
    '/admin/clients',
    () => '',
    ['client_id', 'client_name', 'redirect_uris', 'grant_types', 'jwks', 'jwks_uri'],
  ],
  [
    'PATCH',
    '/admin/clients/:id',
    (a) => a.clientId,
    ['client_name', 'redirect_uris', 'allowed_scopes', 'token_exchange_policy', 'access_token_ttl', 'jwks'],
  ],
  ['POST', '/admin/clients/:id/secret', (a) => a.clientId, []],
  ['DELETE', '/admin/clients/:id', () => 'no-such-client', []],
  ['GET', '/admin/users', () => '', []],
  ['GET', '/admin/users/:id', (a) => a.userId, []],
  ['POST', '/admin/users', () => '', ['username', 'password', 'email', 'address', 'roles', 'disabled']],
  ['PATCH', '/admin/users/:id', (a) => a.userId, ['given_name', 'email', 'address', 'email_verified', 'picture']],
  ['PUT', '/admin/users/:id/password', (a) => a.userId, ['password']],
  ['GET', '/admin/users/:id/sessions', (a) => a.userId, []],
  ['DELETE', '/admin/users/:id/sessions/:id', (a) => a.userId, []],
  ['DELETE', '/admin/users/:id/consents/:id', (a) => a.userId, []],
  ['DELETE', '/admin/users/:id/grants/:id', (a) => a.userId, []],
  ['GET', '/admin/scopes/:id', (a) => a.scope, []],
  ['POST', '/admin/scopes', () => '', ['name', 'description', 'claims']],
  ['PATCH', '/admin/scopes/:id', (a) => a.scope, ['description', 'claims']],
  ['GET', '/admin/keys', () => '', []],
  ['POST', '/admin/keys/:id/retire', () => 'no-such-kid', ['remove_now']],
  ['GET', '/admin/audit-events', () => '', []],
  ['GET', '/admin/credentials', () => '', []],
  ['POST', '/admin/credentials', () => '', ['name']],
  ['DELETE', '/admin/credentials/:id', () => '00000000-0000-0000-0000-000000000000', []],
  ['GET', '/admin/initial-access-tokens', () => '', []],
  ['POST', '/admin/initial-access-tokens', () => '', ['description', 'max_uses', 'expires_at']],
  ['GET', '/admin/trusted-issuers/:id', (a) => a.trustedIssuerId, []],
  [
    'POST',
    '/admin/trusted-issuers',
    () => '',
    ['issuer', 'jwks_uri', 'jwks', 'subject_mapping', 'allowed_scopes', 'allowed_audiences'],
  ],
  ['PATCH', '/admin/trusted-issuers/:id', (a) => a.trustedIssuerId, ['jwks', 'allowed_scopes', 'subject_mapping']],
  ['GET', '/admin/upstream-providers', () => '', []],
  ['POST', '/admin/upstream-providers', () => '', ['issuer', 'client_id', 'client_secret', 'display_name', 'scopes']],
];

const LIST_QUERY = ['offset', 'limit', 'search', 'type', 'actor', 'subject', 'from', 'to'];

/** Requests to the admin API with the admin token: hostile identifiers, queries and JSON bodies. */
export function adminProbes(ctx: FuzzContext): fc.Arbitrary<Probe> {
  return fc
    .record({
      route: fc.constantFrom(...ADMIN_ROUTES),
      // The entity the suite owns, or a hostile identifier in its place.
      id: fc.oneof(fc.constant(undefined), hostileWireValue),
      query: hostileParams({}, LIST_QUERY),
      bearer: fc.boolean(),
    })
    .chain(({ route: [method, template, own, fields], id, query, bearer }) =>
      (method === 'GET' || method === 'DELETE' ? fc.constant(undefined) : hostileJsonBody(fields)).map(
        (body): Probe => ({
          method,
          path: `${template.replace(/:id/g, () => id ?? encode(own(ctx.admin)))}?${toQuery(query)}`,
          headers: {
            ...(bearer ? { authorization: `Bearer ${ADMIN_TOKEN}` } : { 'x-admin-token': ADMIN_TOKEN }),
            'content-type': 'application/json',
          },
          body,
        }),
      ),
    );
}
