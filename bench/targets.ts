import { randomUUID } from 'node:crypto';
import type { BenchDatabase } from './database';
import type { RunningServer } from './servers';
import {
  newSignInState,
  oidcProviderSignIn,
  ourSignIn,
  type Account,
  type SignInFlow,
  type WebClient,
} from './sign-in';
import { enrolTotpUsers, TOTP_USERS } from './totp-accounts';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** The clients and the user every scenario uses, the same on both servers. */
export interface Fixtures {
  /** client_credentials, opaque access tokens. */
  ccOpaque: Credentials;
  /** client_credentials, RS256 JWT access tokens (RFC 9068). */
  ccJwt: Credentials;
  /** Introspects other clients' tokens. */
  resourceServer: Credentials;
  /** Signs users in (code flow with PKCE), gets refresh tokens, consent remembered. */
  web: WebClient;
  account: Account & { email: string; name: string };
}

/** A server under test with everything a scenario needs to address it. */
export interface Target {
  name: 'ours' | 'oidc-provider' | 'floor';
  /** The scenarios it can serve; undefined: every one. */
  scenarios?: readonly string[];
  server: RunningServer;
  paths: { discovery: string; jwks: string; token: string; introspect: string; userinfo: string };
  fixtures: Fixtures;
  /** The plain sign-in, also to get tokens for other scenarios. */
  signIn: SignInFlow;
  /** The sign-ins it serves, by scenario; made on first use (the TOTP one adds its users then). */
  signInFlows: Partial<Record<SignInScenario, () => Promise<SignInFlow>>>;
}

/** The sign-in scenarios: plain, with a pushed authorization request (RFC 9126), with a TOTP step. */
export type SignInScenario = 'sign-in' | 'par-sign-in' | 'sign-in-totp';

/** What provisioning needs beyond the admin API; without `db`, no TOTP users (bench:scale). */
export interface Provisioning {
  adminToken: string;
  keyEncryptionSecret: string;
  db?: BenchDatabase;
}

const API_SCOPE = 'api';
const ACCOUNT = {
  username: 'alice',
  password: 'correct horse battery staple',
  email: 'alice@example.com',
  name: 'Alice Example',
};

async function admin(server: RunningServer, token: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'x-admin-token': token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Creates the scope, clients and user through the admin API (README "Admin REST API"). */
export async function provisionOurServer(server: RunningServer, provisioning: Provisioning): Promise<Target> {
  const { adminToken, keyEncryptionSecret, db } = provisioning;
  await admin(server, adminToken, '/admin/scopes', { name: API_SCOPE, description: 'Benchmark API' });
  const client = async (clientId: string, metadata: Record<string, unknown>): Promise<Credentials> => {
    const issued = (await admin(server, adminToken, '/admin/clients', {
      client_id: clientId,
      client_name: clientId,
      token_endpoint_auth_method: 'client_secret_basic',
      ...metadata,
    })) as { client_secret: string };
    return { clientId, clientSecret: issued.client_secret };
  };
  const machine = { grant_types: ['client_credentials'], allowed_scopes: [API_SCOPE], default_scopes: [API_SCOPE] };
  const ccOpaque = await client('bench-cc-opaque', machine);
  const ccJwt = await client('bench-cc-jwt', { ...machine, access_token_format: 'jwt' });
  const resourceServer = await client('bench-resource-server', { ...machine, is_resource_server: true });
  const redirectUri = 'http://127.0.0.1:8080/callback';
  const userScopes = ['openid', 'profile', 'email', 'offline_access'];
  const web = await client('bench-web', {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [redirectUri],
    allowed_scopes: userScopes,
    default_scopes: ['openid'],
    // Consent remembered, as a returning user's (issue #23's sign-in); without the database to
    // record it in (bench:scale, which signs nobody in), skipped.
    consent_policy: db ? 'once' : 'skip',
  });
  await admin(server, adminToken, '/admin/users', { ...ACCOUNT, email_verified: true });
  if (db)
    await db.query(
      `INSERT INTO consents (user_id, client_id, scopes, claims, updated_at)
       SELECT id, $2, $3, '{}', now() FROM users WHERE username = $1`,
      [ACCOUNT.username, web.clientId, userScopes],
    );
  const fixtures: Fixtures = {
    ccOpaque,
    ccJwt,
    resourceServer,
    web: { ...web, redirectUri, scope: userScopes.join(' ') },
    account: ACCOUNT,
  };
  const signIn = ourSignIn(fixtures.web, fixtures.account);
  let totpSignIn: Promise<SignInFlow> | undefined;
  return {
    name: 'ours',
    server,
    paths: {
      discovery: '/.well-known/openid-configuration',
      jwks: '/.well-known/jwks.json',
      token: '/oauth2/token',
      introspect: '/oauth2/introspect',
      userinfo: '/oauth2/userinfo',
    },
    fixtures,
    signIn,
    signInFlows: {
      'sign-in': async () => signIn,
      'par-sign-in': async () => ourSignIn(fixtures.web, fixtures.account, { par: true }),
      ...(db && {
        'sign-in-totp': () =>
          (totpSignIn ??= enrolTotpUsers(db, keyEncryptionSecret, fixtures.account, TOTP_USERS).then((totp) =>
            ourSignIn(fixtures.web, fixtures.account, { totp }),
          )),
      }),
    },
  };
}

/** The static client list and user of bench/oidc-provider-server.mjs, matching ours. */
export function oidcProviderConfig(fixtures: Fixtures): unknown {
  const machine = (c: Credentials) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: API_SCOPE,
    token_endpoint_auth_method: 'client_secret_basic',
  });
  return {
    clients: [
      machine(fixtures.ccOpaque),
      machine(fixtures.ccJwt),
      machine(fixtures.resourceServer),
      {
        client_id: fixtures.web.clientId,
        client_secret: fixtures.web.clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [fixtures.web.redirectUri],
        scope: fixtures.web.scope,
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwtClientId: fixtures.ccJwt.clientId,
    user: { id: randomUUID(), ...fixtures.account },
  };
}

export function oidcProviderTarget(server: RunningServer, fixtures: Fixtures): Target {
  const signIn = oidcProviderSignIn(fixtures.web, fixtures.account);
  return {
    name: 'oidc-provider',
    server,
    paths: {
      discovery: '/.well-known/openid-configuration',
      jwks: '/jwks',
      token: '/token',
      introspect: '/token/introspection',
      userinfo: '/me',
    },
    fixtures,
    signIn,
    // No second factor there: sign-in-totp is ours only.
    signInFlows: {
      'sign-in': async () => signIn,
      'par-sign-in': async () => oidcProviderSignIn(fixtures.web, fixtures.account, { par: true }),
    },
  };
}

/** The floor server (bench/floor-server.mjs): client credentials (opaque) and introspection only. */
export function floorTarget(server: RunningServer, fixtures: Fixtures): Target {
  return {
    name: 'floor',
    scenarios: ['cc-opaque', 'introspection'],
    server,
    paths: { discovery: '', jwks: '', token: '/token', introspect: '/introspect', userinfo: '' },
    fixtures,
    signIn: { begin: () => newSignInState(fixtures.account), steps: [] },
    signInFlows: {},
  };
}

/** The clients the floor server knows: those of its two scenarios. */
export function floorClients(fixtures: Fixtures): { client_id: string; client_secret: string }[] {
  return [fixtures.ccOpaque, fixtures.resourceServer].map((c) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
  }));
}
