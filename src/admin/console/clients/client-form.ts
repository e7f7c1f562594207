import { GRANT_TYPES as GRANT_TYPE_DECLARATIONS, RESPONSE_TYPE_NAMES } from '../../../token/grants/grant-types';
import { CLIENT_ASSERTION_ALGORITHMS, CLIENT_SECRET_JWT_ALGORITHMS } from '../../../clients/client-assertion-algs';
import { REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT } from '../../../clients/request-object-algs';
import { SIGNING_ALGS } from '../../../config/keys.config';
import type { ClientDto } from '../../clients/client.dto';
import {
  choicesOf,
  isChecked,
  linesOf,
  optionalIntegerOf,
  optionalTextOf,
  textOf,
  wordsOf,
  type FormBody,
} from '../forms/form-input';
import type { FormSection } from '../forms/form-model';
import type { Choice, FormView } from '../forms/form-view';

const AUTH_METHODS: Choice[] = [
  { value: 'client_secret_basic', label: 'Client secret, sent with HTTP Basic (client_secret_basic)' },
  { value: 'client_secret_post', label: 'Client secret, sent in the form body (client_secret_post)' },
  { value: 'client_secret_jwt', label: 'A JWT signed with the client secret (client_secret_jwt)' },
  { value: 'private_key_jwt', label: 'A JWT signed with the application’s own key (private_key_jwt)' },
  { value: 'none', label: 'None: a public client (single-page or native app)' },
];

// '' is no registered alg: any alg of the method. Each alg is for one of the two JWT methods.
const CLIENT_AUTH_ALGS: Choice[] = [
  { value: '', label: 'Any algorithm of the method' },
  ...CLIENT_SECRET_JWT_ALGORITHMS.map((alg) => ({ value: alg, label: `${alg} (client_secret_jwt)` })),
  ...CLIENT_ASSERTION_ALGORITHMS.map((alg) => ({ value: alg, label: `${alg} (private_key_jwt)` })),
];

// Every grant as it declares itself (src/token/grants).
const GRANT_TYPES: Choice[] = GRANT_TYPE_DECLARATIONS.map((g) => ({
  value: g.grantType,
  label: g.label,
  help: g.help,
}));

const CONSENT_POLICIES: Choice[] = [
  { value: 'always', label: 'Ask every time' },
  { value: 'once', label: 'Ask once and remember the answer' },
  { value: 'skip', label: 'Never ask (first-party applications only)' },
];

// '' is no registered alg: any of the supported ones (REQUEST_OBJECT_SIGNING_ALGS).
const REQUEST_OBJECT_ALGS: Choice[] = [
  { value: '', label: 'Any supported algorithm' },
  ...REQUEST_OBJECT_SIGNING_ALGS.map((alg) => ({ value: alg, label: alg })),
  { value: UNSIGNED_REQUEST_OBJECT, label: 'none: unsigned request objects accepted (not recommended)' },
];

// '' is no registered alg: userinfo answers with JSON.
const USERINFO_ALGS: Choice[] = [
  { value: '', label: 'None: JSON' },
  ...SIGNING_ALGS.map((alg) => ({ value: alg, label: `A JWT signed with ${alg}` })),
];

// '' is no registered alg: ID Tokens are signed with the active key, whatever its alg.
const ID_TOKEN_ALGS: Choice[] = [
  { value: '', label: 'The signing key’s algorithm' },
  ...SIGNING_ALGS.map((alg) => ({ value: alg, label: alg })),
];

const SUBJECT_TYPES: Choice[] = [
  { value: 'public', label: 'Public: the user’s own identifier, the same for every application' },
  { value: 'pairwise', label: 'Pairwise: an identifier for this application’s sector alone' },
];

const TOKEN_FORMATS: Choice[] = [
  { value: 'opaque', label: 'Opaque: a random string, checked by introspection' },
  { value: 'jwt', label: 'JWT (RFC 9068): APIs can verify it offline' },
];

/** What a new client's form starts with: the server's defaults. */
export const NEW_CLIENT_VALUES = {
  token_endpoint_auth_method: 'client_secret_basic',
  token_endpoint_auth_signing_alg: '',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  allowed_scopes: ['openid'],
  default_scopes: ['openid'],
  consent_policy: 'always',
  access_token_format: 'opaque',
  require_pkce: true,
  allow_plain_pkce: false,
  revoke_tokens_on_logout: true,
  backchannel_logout_session_required: false,
  frontchannel_logout_session_required: false,
  is_resource_server: false,
  require_pushed_authorization_requests: false,
  require_signed_request_object: false,
  request_object_signing_alg: '',
  request_uris: [],
  fapi2_security_profile: false,
  dpop_bound_access_tokens: false,
  userinfo_signed_response_alg: '',
  id_token_signed_response_alg: '',
  require_mfa: false,
  subject_type: 'public',
};

/** The posted form under the admin API's field names, for CreateClientDto or UpdateClientDto. */
export function clientInputOf(body: FormBody, creating: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {
    client_name: textOf(body, 'client_name'),
    token_endpoint_auth_method: textOf(body, 'token_endpoint_auth_method'),
    token_endpoint_auth_signing_alg: optionalTextOf(body, 'token_endpoint_auth_signing_alg'),
    redirect_uris: linesOf(body, 'redirect_uris'),
    post_logout_redirect_uris: linesOf(body, 'post_logout_redirect_uris'),
    backchannel_logout_uri: optionalTextOf(body, 'backchannel_logout_uri'),
    backchannel_logout_session_required: isChecked(body, 'backchannel_logout_session_required'),
    frontchannel_logout_uri: optionalTextOf(body, 'frontchannel_logout_uri'),
    frontchannel_logout_session_required: isChecked(body, 'frontchannel_logout_session_required'),
    initiate_login_uri: optionalTextOf(body, 'initiate_login_uri'),
    grant_types: choicesOf(body, 'grant_types'),
    response_types: linesOf(body, 'response_types'),
    allowed_scopes: wordsOf(body, 'allowed_scopes'),
    default_scopes: wordsOf(body, 'default_scopes'),
    consent_policy: textOf(body, 'consent_policy'),
    require_pkce: isChecked(body, 'require_pkce'),
    allow_plain_pkce: isChecked(body, 'allow_plain_pkce'),
    revoke_tokens_on_logout: isChecked(body, 'revoke_tokens_on_logout'),
    is_resource_server: isChecked(body, 'is_resource_server'),
    require_mfa: isChecked(body, 'require_mfa'),
    require_pushed_authorization_requests: isChecked(body, 'require_pushed_authorization_requests'),
    require_signed_request_object: isChecked(body, 'require_signed_request_object'),
    request_object_signing_alg: optionalTextOf(body, 'request_object_signing_alg'),
    request_uris: linesOf(body, 'request_uris'),
    fapi2_security_profile: isChecked(body, 'fapi2_security_profile'),
    access_token_format: textOf(body, 'access_token_format'),
    dpop_bound_access_tokens: isChecked(body, 'dpop_bound_access_tokens'),
    userinfo_signed_response_alg: optionalTextOf(body, 'userinfo_signed_response_alg'),
    id_token_signed_response_alg: optionalTextOf(body, 'id_token_signed_response_alg'),
    // A post without the field (a page loaded before it existed) leaves the subject type as it is.
    subject_type: textOf(body, 'subject_type') || undefined,
    sector_identifier_uri: optionalTextOf(body, 'sector_identifier_uri'),
    access_token_ttl: optionalIntegerOf(body, 'access_token_ttl'),
    refresh_token_ttl: optionalIntegerOf(body, 'refresh_token_ttl'),
    id_token_ttl: optionalIntegerOf(body, 'id_token_ttl'),
    client_uri: optionalTextOf(body, 'client_uri'),
    logo_uri: optionalTextOf(body, 'logo_uri'),
    policy_uri: optionalTextOf(body, 'policy_uri'),
    tos_uri: optionalTextOf(body, 'tos_uri'),
    contacts: linesOf(body, 'contacts'),
    jwks_uri: optionalTextOf(body, 'jwks_uri'),
  };
  // Left empty, the server generates a client_id.
  if (creating && textOf(body, 'client_id')) input.client_id = textOf(body, 'client_id');
  return input;
}

export const CLIENT_FORM_FIELDS = ['client_id', ...Object.keys(clientInputOf({}, false))];

/** The form's values for an existing client. */
export const clientValuesOf = (client: ClientDto): Record<string, unknown> => ({
  ...client,
  request_object_signing_alg: client.request_object_signing_alg ?? '',
  userinfo_signed_response_alg: client.userinfo_signed_response_alg ?? '',
  id_token_signed_response_alg: client.id_token_signed_response_alg ?? '',
  token_endpoint_auth_signing_alg: client.token_endpoint_auth_signing_alg ?? '',
});

const ttlHelp = (variable: string) => `Seconds. Leave empty for the server’s default (${variable}).`;

export function clientFormSections(form: FormView, creating: boolean): FormSection[] {
  return [
    {
      title: 'The application',
      fields: [
        ...(creating
          ? [
              form.text('client_id', 'Client ID', {
                help: 'What the application sends as client_id. Leave empty to get a random one (recommended); set it only when the application already expects a given value.',
              }),
            ]
          : []),
        form.text('client_name', 'Name', { required: true, help: 'Shown to users on the login and consent pages.' }),
        form.select('token_endpoint_auth_method', 'Client authentication', AUTH_METHODS, {
          help: 'How the application proves who it is when it asks for tokens. A server-side web app keeps a secret (Basic is the usual choice). An app running in a browser or on a device cannot keep one: make it public, and it must use PKCE. private_key_jwt needs the JWKS URI below.',
        }),
        form.select('token_endpoint_auth_signing_alg', 'Client authentication algorithm', CLIENT_AUTH_ALGS, {
          help: 'For client_secret_jwt and private_key_jwt only (token_endpoint_auth_signing_alg, OIDC Registration §2): the one algorithm the application’s JWT must be signed with; any other is refused. An HS algorithm for client_secret_jwt, another for private_key_jwt.',
        }),
      ],
    },
    {
      title: 'Redirects',
      fields: [
        form.lines('redirect_uris', 'Redirect URIs', {
          help: 'One per line. Where users may be sent back after signing in, compared exactly (no wildcards). Use https; http only on localhost while developing. Needed for the authorization code grant.',
        }),
        form.lines('post_logout_redirect_uris', 'Post-logout redirect URIs', {
          help: 'One per line. Where the application may send users after signing them out (RP-initiated logout).',
        }),
        form.text('backchannel_logout_uri', 'Back-channel logout URI', {
          help: 'Where the server POSTs a signed logout token when a session the application took part in ends (OIDC Back-Channel Logout): sign-out, an administrator, a password reset, a disabled user. https; no fragment. Deliveries are retried and listed under GET /admin/outbox.',
        }),
        form.checkbox('backchannel_logout_session_required', 'Back-channel logout needs the session (sid)', {
          help: 'The application needs sid in its logout tokens; this server always sends it.',
        }),
        form.text('frontchannel_logout_uri', 'Front-channel logout URI', {
          help: 'A page of the application that ends its own session, loaded in a hidden frame of the signed-out page when users sign out here (OIDC Front-Channel Logout), with iss and sid added. https; no fragment. The page must allow being framed by this server.',
        }),
        form.checkbox('frontchannel_logout_session_required', 'Front-channel logout needs iss and sid', {
          help: 'The application needs iss and sid on its front-channel logout URI; this server always adds them.',
        }),
        form.text('initiate_login_uri', 'Login initiation URI', {
          type: 'url',
          inputmode: 'url',
          help: 'Where another site may send users to have the application start a sign-in here (initiate_login_uri, OIDC Core §4). https; no fragment. Kept for the application’s partners; this server does not call it.',
        }),
      ],
    },
    {
      title: 'Grants and scopes',
      fields: [
        form.choices('grant_types', 'Grant types', GRANT_TYPES, {
          help: 'How the application may get tokens. Allow only what it uses.',
        }),
        form.lines('response_types', 'Response types', {
          rows: 2,
          help: `One per line, among ${RESPONSE_TYPE_NAMES.join(', ')}. code for the authorization code flow (recommended); the others only for hybrid or implicit flows, and those with token only when IMPLICIT_ACCESS_TOKENS is on.`,
        }),
        form.text('allowed_scopes', 'Allowed scopes', {
          help: 'Space-separated scopes the application may ask for, e.g. openid profile email. Anything else it asks for is dropped.',
        }),
        form.text('default_scopes', 'Default scopes', {
          help: 'Space-separated; granted when a request names no scope. Each must be an allowed scope.',
        }),
      ],
    },
    {
      title: 'Policy',
      fields: [
        form.select('consent_policy', 'Consent', CONSENT_POLICIES, {
          help: 'When users are asked to allow this application access to their account.',
        }),
        form.checkbox('require_pkce', 'Require PKCE', {
          help: 'Every authorization request must carry a code_challenge (RFC 7636). Public clients must; recommended for all.',
        }),
        form.checkbox('allow_plain_pkce', 'Allow the plain PKCE method', {
          help: 'Accept code_challenge_method=plain besides S256: only for old clients that cannot hash.',
        }),
        form.checkbox('revoke_tokens_on_logout', 'Revoke tokens on logout', {
          help: 'When users sign out through this application, the tokens it got in that session stop working.',
        }),
        form.checkbox('is_resource_server', 'Resource server', {
          help: 'May introspect tokens issued to other clients: for APIs that check the tokens they receive.',
        }),
        form.checkbox('require_mfa', 'Require a second factor', {
          help: 'Every sign-in to this application needs a second factor (a one-time code or a passkey); users without one set one up first. The password grant is refused.',
        }),
      ],
    },
    {
      title: 'Authorization requests',
      intro: 'How the application must send its sign-in requests (docs/relying-parties.md, PAR and JAR).',
      fields: [
        form.checkbox('require_pushed_authorization_requests', 'Require pushed authorization requests (PAR)', {
          help: 'The application must first send each request to /oauth2/par (RFC 9126); the browser then carries only a one-time reference.',
        }),
        form.checkbox('require_signed_request_object', 'Require signed request objects (JAR)', {
          help: 'Each request must be a JWT signed with one of the application’s keys (RFC 9101): nothing in it can be altered on the way.',
        }),
        form.select('request_object_signing_alg', 'Request object algorithm', REQUEST_OBJECT_ALGS, {
          help: 'The one algorithm its request objects use.',
        }),
        form.lines('request_uris', 'Request URIs', {
          rows: 2,
          help: 'One per line: https URLs where the application publishes request objects for this server to fetch. Any other request_uri is refused.',
        }),
        form.checkbox('fapi2_security_profile', 'FAPI 2.0 Security Profile', {
          help: 'For high-security APIs: PAR, PKCE S256, private_key_jwt with PS256 or ES256, DPoP-bound tokens, response type code, 60-second codes (docs/security.md).',
        }),
      ],
    },
    {
      title: 'Tokens',
      fields: [
        form.select('access_token_format', 'Access token format', TOKEN_FORMATS, {
          help: 'Opaque tokens reveal nothing and are checked here; JWTs let APIs verify tokens without calling this server.',
        }),
        form.text('access_token_ttl', 'Access token lifetime', {
          inputmode: 'numeric',
          help: ttlHelp('ACCESS_TOKEN_TTL'),
        }),
        form.text('refresh_token_ttl', 'Refresh token lifetime', {
          inputmode: 'numeric',
          help: ttlHelp('REFRESH_TOKEN_TTL'),
        }),
        form.text('id_token_ttl', 'ID token lifetime', { inputmode: 'numeric', help: ttlHelp('ID_TOKEN_TTL') }),
        form.checkbox('dpop_bound_access_tokens', 'Require DPoP', {
          help: 'Every token request must carry a DPoP proof (RFC 9449), so a stolen token is useless without the application’s key.',
        }),
        form.select('userinfo_signed_response_alg', 'Signed userinfo', USERINFO_ALGS, {
          help: 'Userinfo answers this application with a signed JWT instead of JSON (OIDC Core §5.3.2), for applications that registered userinfo_signed_response_alg. The algorithm must be the one of this server’s signing keys.',
        }),
        form.select('id_token_signed_response_alg', 'ID Token algorithm', ID_TOKEN_ALGS, {
          help: 'For applications that registered id_token_signed_response_alg (OIDC Registration §2): their ID Tokens must carry that algorithm. It must be the one of this server’s signing keys; leave the default to follow the keys through a change of algorithm.',
        }),
        form.select('subject_type', 'Subject identifiers', SUBJECT_TYPES, {
          help: 'Pairwise: the application knows each user by an identifier of its own sector, so applications of different sectors cannot match their users (OIDC Core §8).',
        }),
        form.text('sector_identifier_uri', 'Sector identifier URI', {
          type: 'url',
          inputmode: 'url',
          help: 'For pairwise identifiers: an https URL of a JSON array listing every redirect URI above. Applications with the same one share identifiers. Needed when the redirect URIs are on several hosts.',
        }),
      ],
    },
    {
      title: 'About the application',
      intro: 'Optional. Links shown to users, and who to contact about the application.',
      fields: [
        form.text('client_uri', 'Home page', { type: 'url', inputmode: 'url' }),
        form.text('logo_uri', 'Logo URL', {
          type: 'url',
          inputmode: 'url',
          help: 'Shown on the login and consent pages.',
        }),
        form.text('policy_uri', 'Privacy policy URL', { type: 'url', inputmode: 'url' }),
        form.text('tos_uri', 'Terms of service URL', { type: 'url', inputmode: 'url' }),
        form.lines('contacts', 'Contacts', { rows: 2, help: 'One email address per line.' }),
        form.text('jwks_uri', 'JWKS URI', {
          type: 'url',
          inputmode: 'url',
          help: 'For private_key_jwt: where the application publishes its public keys (https).',
        }),
      ],
    },
  ];
}
