import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';
import * as oidc from 'openid-client';
import { ClientsService } from '../../src/clients/clients.service';
import type { CreateClientInput } from '../../src/clients/client-input';
import { AuthorizationCodeService, type NewAuthorizationCode } from '../../src/token/authorization-code.service';
import { AuthorizationGrantService } from '../../src/token/authorization-grants/authorization-grant.service';
import type { CreateUserInput } from '../../src/users/user-input';
import type { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function result(res: Response): Promise<HttpResult> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

/** POST /oauth2/token with a form body; pairs let a parameter repeat. */
export async function postToken(
  t: TestApp,
  params: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const res = await fetch(`${t.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return result(res);
}

export async function getUserinfo(t: TestApp, accessToken: string): Promise<HttpResult> {
  return result(await fetch(`${t.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }));
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
}

export async function createClient(t: TestApp, input: Partial<CreateClientInput>): Promise<RegisteredClient> {
  const { client, clientSecret } = await t.app
    .get(ClientsService)
    .create({ clientName: 'Test RP', redirectUris: ['https://rp.example.com/cb'], ...input });
  return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
}

export function createUser(t: TestApp, input: Partial<CreateUserInput> = {}): Promise<User> {
  return t.app.get(UsersService).create({
    username: `user-${Math.random().toString(36).slice(2, 10)}`,
    password: 'correct horse battery',
    ...input,
  });
}

/** An RP configured by a certified library from the server's discovery document. */
export function relyingParty(t: TestApp, client: RegisteredClient): Promise<oidc.Configuration> {
  const auth = client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None();
  return oidc.discovery(new URL(t.url), client.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

export type CodeInput = Partial<NewAuthorizationCode> & { clientId: string; userId: string };

/** What the authorization endpoint does once the user has consented: a grant and a code for it. */
export async function issueCode(t: TestApp, input: CodeInput): Promise<{ code: string; grantId: string }> {
  const scope = input.scope ?? ['openid'];
  const authTime = input.authTime ?? new Date(Date.now() - 5000);
  const grant = await t.app.get(AuthorizationGrantService).create({
    clientId: input.clientId,
    userId: input.userId,
    sessionId: input.sessionId ?? null,
    scope,
    claims: input.claims ?? null,
    authTime,
    amr: input.amr ?? ['pwd'],
  });
  const code = await t.app.get(AuthorizationCodeService).issue({
    grantId: grant.id,
    clientId: input.clientId,
    userId: input.userId,
    sessionId: input.sessionId ?? null,
    redirectUri: input.redirectUri ?? 'https://rp.example.com/cb',
    scope,
    claims: input.claims ?? null,
    nonce: input.nonce ?? null,
    codeChallenge: input.codeChallenge ?? null,
    codeChallengeMethod: input.codeChallengeMethod ?? null,
    authTime,
    amr: input.amr ?? ['pwd'],
    dpopJkt: input.dpopJkt ?? null,
  });
  return { code, grantId: grant.id };
}

/** Verifies a JWT the way an RP or resource server would: against the published JWKS. */
export function verifyWithJwks(
  t: TestApp,
  jwt: string,
  options: { typ?: string; audience?: string } = {},
): Promise<JWTVerifyResult<JWTPayload>> {
  return jwtVerify(jwt, createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`)), { issuer: t.url, ...options });
}

export async function tokenRow(t: TestApp, tokenHash: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await t.dataSource.query('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]);
  return row;
}
