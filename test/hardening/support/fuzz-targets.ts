import fc from 'fast-check';
import { basicAuth } from '../../support/token-requests';
import type { HardeningApp, OpenForm } from './hardening-app';
import { authorizationParams, POST_LOGOUT_REDIRECT_URI, REDIRECT_URI, USERNAME } from './hardening-app';
import {
  encode,
  hostileBody,
  hostileContentType,
  hostileJsonBody,
  hostileParams,
  hostileText,
  hostileWireValue,
  toQuery,
  type WireParam,
} from './hostile-values';
import { adminProbes } from './admin-probes';
import type { Probe } from './probe';
import type { Audience } from './response-invariants';

/** What the fuzz suite knows of the server under attack. */
export interface FuzzContext {
  t: HardeningApp;
  accessToken: string;
  registered: { clientId: string; registrationAccessToken: string };
  login: OpenForm;
  consent: OpenForm;
  logout: OpenForm;
  deviceForm: OpenForm;
  /** Entities the admin routes may change or delete without spoiling other targets. */
  admin: { clientId: string; userId: string; scope: string; trustedIssuerId: string };
}

export interface FuzzTarget {
  audience: Audience;
  probes(ctx: FuzzContext): fc.Arbitrary<Probe>;
  /** The browser whose cookies go with each probe, when the endpoint reads them. */
  jar?(ctx: FuzzContext): OpenForm['jar'];
}

const BROWSER = { accept: 'text/html,application/xhtml+xml' };

const get = (path: string, params: fc.Arbitrary<WireParam[]>, headers: Record<string, string> = {}) =>
  params.map((p): Probe => ({ method: 'GET', path: `${path}?${toQuery(p)}`, headers }));

const post = (path: string, params: fc.Arbitrary<WireParam[]>, headers: Record<string, string> = {}) =>
  fc
    .tuple(hostileBody(params), hostileContentType)
    .map(([body, type]): Probe => ({ method: 'POST', path, headers: { ...headers, 'content-type': type }, body }));

/** Client authentication as presented: the right one, a forged Basic header, or none. */
const clientAuth = (ctx: FuzzContext) =>
  fc.oneof(
    fc.constant({ authorization: basicAuth(ctx.t.web.clientId, ctx.t.web.clientSecret) }),
    fc
      .tuple(hostileWireValue, hostileWireValue)
      .map(([id, secret]) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` })),
    hostileText.map((h) => ({ authorization: `Basic ${Buffer.from(h).toString('base64')}` })),
    fc.constant({}),
  );

const TOKEN_REQUESTS = (ctx: FuzzContext): Record<string, string>[] => [
  { grant_type: 'client_credentials', scope: 'openid' },
  { grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: REDIRECT_URI, code_verifier: 'v'.repeat(43) },
  { grant_type: 'refresh_token', refresh_token: 'no-such-token', scope: 'openid' },
  { grant_type: 'password', username: USERNAME, password: 'not the password', scope: 'openid' },
  { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'no-such-code' },
  { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJhbGciOiJub25lIn0.e30.' },
  {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: ctx.accessToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    audience: 'api',
  },
];
const TOKEN_PARAMETER_NAMES = [
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'resource',
  'actor_token',
  'actor_token_type',
  'requested_token_type',
];

const AUTHORIZE_NAMES = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'claims',
  'response_mode',
  'login_hint',
  'ui_locales',
  'request',
  'request_uri',
  'id_token_hint',
];

const LOGOUT_NAMES = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales', 'logout_hint'];

const logoutParams = (ctx: FuzzContext) => ({
  client_id: ctx.t.web.clientId,
  post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
  state: 'logout-state',
});

const registrationFields = [
  'redirect_uris',
  'post_logout_redirect_uris',
  'grant_types',
  'response_types',
  'client_name',
  'logo_uri',
  'contacts',
  'scope',
  'token_endpoint_auth_method',
  'jwks',
  'jwks_uri',
  'client_id',
  'client_secret',
];

const registrationToken = (ctx: FuzzContext) =>
  fc.oneof(fc.constant(ctx.registered.registrationAccessToken), hostileText.map(encode));

/** The public endpoints, each with the requests a hostile client might send it. */
export const FUZZ_TARGETS: Record<string, FuzzTarget> = {
  'GET /oauth2/authorize': {
    audience: 'html',
    probes: (ctx) => get('/oauth2/authorize', hostileParams(authorizationParams(ctx.t), AUTHORIZE_NAMES), BROWSER),
  },
  'POST /oauth2/authorize': {
    audience: 'html',
    probes: (ctx) => post('/oauth2/authorize', hostileParams(authorizationParams(ctx.t), AUTHORIZE_NAMES), BROWSER),
  },
  'POST /oauth2/token': {
    audience: 'json',
    probes: (ctx) =>
      fc
        .tuple(fc.constantFrom(...TOKEN_REQUESTS(ctx)), clientAuth(ctx))
        .chain(([base, auth]) =>
          post('/oauth2/token', hostileParams(base, [...Object.keys(base), ...TOKEN_PARAMETER_NAMES]), auth),
        ),
  },
  'GET /oauth2/userinfo': {
    audience: 'json',
    probes: (ctx) =>
      fc
        .tuple(fc.oneof(fc.constant(ctx.accessToken), hostileText), hostileParams({}, ['access_token', 'claims']))
        .map(([token, query]): Probe => ({
          method: 'GET',
          path: `/oauth2/userinfo?${toQuery(query)}`,
          headers: { authorization: `Bearer ${encode(token)}` },
        })),
  },
  'POST /oauth2/userinfo': {
    audience: 'json',
    probes: (ctx) => post('/oauth2/userinfo', hostileParams({ access_token: ctx.accessToken })),
  },
  'POST /oauth2/introspect': {
    audience: 'json',
    probes: (ctx) =>
      clientAuth(ctx).chain((auth) =>
        post('/oauth2/introspect', hostileParams({ token: ctx.accessToken, token_type_hint: 'access_token' }), auth),
      ),
  },
  'POST /oauth2/revoke': {
    audience: 'json',
    // Never the real token: revoking it would leave the other targets nothing to work with.
    probes: (ctx) =>
      clientAuth(ctx).chain((auth) =>
        post('/oauth2/revoke', hostileParams({ token: 'not-a-token', token_type_hint: 'refresh_token' }), auth),
      ),
  },
  'POST /oauth2/register': {
    audience: 'json',
    probes: () =>
      fc.tuple(hostileJsonBody(registrationFields), hostileContentType).map(([body, type]) => ({
        method: 'POST',
        path: '/oauth2/register',
        headers: { 'content-type': type },
        body,
      })),
  },
  'GET, PUT, DELETE /oauth2/register/:client_id': {
    audience: 'json',
    probes: (ctx) =>
      fc
        .record({
          method: fc.constantFrom('GET', 'PUT', 'DELETE'),
          id: fc.oneof(fc.constant(ctx.registered.clientId), hostileWireValue),
          token: registrationToken(ctx),
          body: hostileJsonBody(registrationFields),
        })
        // Deleting the registration for real would leave the other runs nothing to attack.
        .filter((p) => !(p.method === 'DELETE' && p.id === ctx.registered.clientId))
        .map((p): Probe => ({
          method: p.method,
          path: `/oauth2/register/${p.id}`,
          headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
          body: p.method === 'PUT' ? p.body : undefined,
        })),
  },
  'GET /oauth2/logout': {
    audience: 'html',
    probes: (ctx) => get('/oauth2/logout', hostileParams(logoutParams(ctx), LOGOUT_NAMES), BROWSER),
  },
  'POST /oauth2/logout': {
    audience: 'html',
    probes: (ctx) => post('/oauth2/logout', hostileParams(logoutParams(ctx), LOGOUT_NAMES), BROWSER),
  },
  'POST /oauth2/logout/confirm': {
    audience: 'html',
    jar: (ctx) => ctx.logout.jar,
    // Without decision=yes|no nothing is decided, so the signed-in browser stays usable.
    probes: (ctx) =>
      post(
        '/oauth2/logout/confirm',
        hostileParams({ ...logoutParams(ctx), ...ctx.logout.fields, csrf: ctx.logout.csrf }, [
          ...LOGOUT_NAMES,
          'decision',
        ]),
        BROWSER,
      ),
  },
  'POST /oauth2/device_authorization': {
    audience: 'json',
    probes: (ctx) =>
      post('/oauth2/device_authorization', hostileParams({ client_id: ctx.t.device.clientId, scope: 'openid' })),
  },
  'GET /oauth2/device': {
    audience: 'html',
    probes: () => get('/oauth2/device', hostileParams({ user_code: 'BDKM-QRTW' }), BROWSER),
  },
  'POST /oauth2/device': {
    audience: 'html',
    jar: (ctx) => ctx.deviceForm.jar,
    probes: (ctx) =>
      post('/oauth2/device', hostileParams({ _csrf: ctx.deviceForm.csrf, user_code: 'BDKM-QRTW' }), BROWSER),
  },
  'GET, POST /oauth2/device/login and /consent': {
    audience: 'html',
    probes: () =>
      fc
        .tuple(fc.constantFrom('login', 'consent'), fc.constantFrom('GET', 'POST'))
        .chain(([page, method]) =>
          method === 'GET'
            ? get(`/oauth2/device/${page}`, hostileParams({ decision: 'allow' }), BROWSER)
            : post(
                `/oauth2/device/${page}`,
                hostileParams({ login: USERNAME, password: 'x', csrf: 'x', decision: 'allow' }),
                BROWSER,
              ),
        ),
  },
  'POST /interaction/:id/login': {
    audience: 'html',
    jar: (ctx) => ctx.login.jar,
    probes: (ctx) =>
      post(
        new URL(ctx.login.url).pathname,
        hostileParams({ csrf: ctx.login.csrf, login: USERNAME, password: 'not the password' }),
        BROWSER,
      ),
  },
  'POST /interaction/:id/consent': {
    audience: 'html',
    jar: (ctx) => ctx.consent.jar,
    // Without decision=allow|deny nothing is decided, so the interaction stays open.
    probes: (ctx) =>
      post(new URL(ctx.consent.url).pathname, hostileParams({ csrf: ctx.consent.csrf }, ['csrf', 'decision']), BROWSER),
  },
  'GET, POST /interaction/:id/* of unknown interactions': {
    audience: 'html',
    probes: () =>
      fc
        .tuple(hostileWireValue, fc.constantFrom('login', 'consent'), fc.constantFrom('GET', 'POST'))
        .chain(([id, page, method]) =>
          method === 'GET'
            ? get(`/interaction/${id}/${page}`, hostileParams({}), BROWSER)
            : post(`/interaction/${id}/${page}`, hostileParams({ csrf: 'x', login: USERNAME, password: 'x' }), BROWSER),
        ),
  },
  'admin API (with the admin token)': { audience: 'json', probes: adminProbes },
};
