import type { CreateClientInput } from '../../clients/client-input';
import { DEVICE_CODE_GRANT_TYPE } from '../../token/grants/device-code.grant-type';

/**
 * What the development seed makes, or puts back as it was: published passwords and well-known
 * client ids and secrets, so a newcomer can follow docs/getting-started without reading any output twice.
 * Development only: the seed refuses to run with NODE_ENV=production.
 */
export const DEMO_USERS = [
  { username: 'alice', password: 'alice-demo-password', email: 'alice@example.com', name: 'Alice Demo' },
  { username: 'bob', password: 'bob-demo-password', email: 'bob@example.com', name: 'Bob Demo' },
] as const;

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export type DemoClientKind = 'web' | 'spa' | 'device' | 'resource-server';

export interface DemoClient {
  kind: DemoClientKind;
  input: CreateClientInput & { clientId: string };
  /** Published, like the demo passwords, so the examples and the README work as written. */
  secret?: string;
}

export const DEMO_CLIENTS: DemoClient[] = [
  {
    // A server-side web app: authorization code with a secret, refresh tokens.
    kind: 'web',
    secret: 'demo-web-secret',
    input: {
      clientId: 'demo-web',
      clientName: 'Demo web app',
      redirectUris: ['http://localhost:3001/callback'],
      postLogoutRedirectUris: ['http://localhost:3001/'],
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      requirePkce: true,
      allowedScopes: SCOPES,
      defaultScopes: ['openid'],
      consentPolicy: 'once',
    },
  },
  {
    // A single-page app: public, PKCE (RFC 7636) is its only proof.
    kind: 'spa',
    input: {
      clientId: 'demo-spa',
      clientName: 'Demo single-page app',
      redirectUris: ['http://localhost:3002/callback'],
      postLogoutRedirectUris: ['http://localhost:3002/'],
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethod: 'none',
      requirePkce: true,
      allowedScopes: SCOPES,
      defaultScopes: ['openid'],
      consentPolicy: 'once',
    },
  },
  {
    // A TV or command-line app: the device grant (RFC 8628), public.
    kind: 'device',
    input: {
      clientId: 'demo-device',
      clientName: 'Demo device',
      grantTypes: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
      responseTypes: [],
      tokenEndpointAuthMethod: 'none',
      requirePkce: true,
      allowedScopes: SCOPES,
      defaultScopes: ['openid'],
      consentPolicy: 'once',
    },
  },
  {
    // An API that checks the tokens it is sent at the introspection endpoint (RFC 7662).
    kind: 'resource-server',
    secret: 'demo-api-secret',
    input: {
      clientId: 'demo-api',
      clientName: 'Demo API (resource server)',
      grantTypes: ['client_credentials'],
      responseTypes: [],
      tokenEndpointAuthMethod: 'client_secret_basic',
      isResourceServer: true,
      allowedScopes: ['openid'],
      defaultScopes: [],
      consentPolicy: 'skip',
    },
  },
];
