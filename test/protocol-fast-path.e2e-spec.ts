import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { NextFunction, Request, Response } from 'express';
import type { User } from '../src/users/user.entity';
import { basicAuth, createClient, createUser, issueCode, type RegisteredClient } from './support/token-requests';
import { DpopNonces } from '../src/token/dpop/dpop-nonce';
import { accessTokenHash } from '../src/token/dpop/dpop-proof';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';

/**
 * The protocol fast path answers POST /oauth2/token, /oauth2/introspect, /oauth2/revoke and
 * GET/POST /oauth2/userinfo ahead of Express and Nest. Its promise is that no caller can tell:
 * every request here goes to two replicas on one database and one issuer, one with the fast
 * path and one with HTTP_FAST_PATH=false, and their answers must be the same.
 */

type Router = 'fast path' | 'express';

/**
 * Set on every request that enters Express, before its first middleware (Express's app function
 * calls app.handle): its absence shows the fast path answered.
 */
const VIA_EXPRESS = 'x-test-via-express';
type ExpressApp = { handle(req: Request, res: Response, next?: NextFunction): void };
const markExpress = (app: NestExpressApplication) => {
  const express = app.getHttpAdapter().getInstance() as unknown as ExpressApp;
  const handle = express.handle.bind(express);
  express.handle = (req, res, next) => {
    res.setHeader(VIA_EXPRESS, '1');
    handle(req, res, next);
  };
};

/** Headers that differ between any two responses, whoever sends them (and the marker, checked on its own). */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive', VIA_EXPRESS]);

const PASSWORD = 'correct horse battery';
const FORM = 'application/x-www-form-urlencoded';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Server {
  app: TestApp;
  /** Where it listens: both replicas share the issuer, so this is not always app.url. */
  url: string;
}

interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A function makes a streamed (chunked) body. */
  body?: string | Uint8Array | (() => ReadableStream<Uint8Array>);
  /** No body and no Content-Length either, as `curl -X POST` sends (fetch always sends Content-Length: 0). */
  bodiless?: boolean;
}

interface Answer {
  status: number;
  /** Every header but the per-response ones, by lower-case name. */
  headers: Record<string, string>;
  text: string;
  requestId: string | null;
  router: Router;
}

function answerOf(status: number, headers: [string, string][], text: string): Answer {
  const byName = new Map(headers);
  return {
    status,
    headers: Object.fromEntries(headers.filter(([name]) => !PER_RESPONSE.has(name))),
    text,
    requestId: byName.get('x-request-id') ?? null,
    router: byName.has(VIA_EXPRESS) ? 'express' : 'fast path',
  };
}

async function send(server: Server, call: Call): Promise<Answer> {
  if (call.bodiless) return sendBodiless(server, call);
  const streamed = typeof call.body === 'function';
  const init = {
    method: call.method ?? 'POST',
    headers: call.headers,
    body: typeof call.body === 'function' ? call.body() : call.body,
    ...(streamed ? { duplex: 'half' } : {}),
  };
  const res = await fetch(server.url + call.path, init as RequestInit);
  return answerOf(res.status, [...res.headers], await res.text());
}

function sendBodiless(server: Server, call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + call.path, { method: call.method ?? 'POST', headers: call.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = Object.entries(res.headers).map(([name, value]): [string, string] => [
          name,
          Array.isArray(value) ? value.join(', ') : String(value),
        ]);
        resolve(answerOf(res.statusCode ?? 0, headers, Buffer.concat(chunks).toString()));
      });
    });
    req.on('error', reject);
    // Without a body to send, Node then writes neither Content-Length nor Transfer-Encoding.
    req.useChunkedEncodingByDefault = false;
    req.end();
  });
}

/** A form POST; pairs let a parameter repeat. */
function form(
  params: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
  path = '/oauth2/token',
): Call {
  return { path, headers: { 'content-type': FORM, ...headers }, body: new URLSearchParams(params).toString() };
}

/** What must be equal: everything for a fixed answer; for one holding fresh tokens, its shape and `fields`. */
function comparable(answer: Answer, fields?: string[]) {
  const { status, headers, text } = answer;
  if (!fields) return { status, headers, text };
  const { 'content-length': _length, ...rest } = headers;
  const body = JSON.parse(text) as Record<string, unknown>;
  return {
    status,
    headers: rest,
    keys: Object.keys(body).sort(),
    fields: Object.fromEntries(fields.map((f) => [f, body[f]])),
  };
}

/** A form body of exactly `bytes` bytes that asks for a client_credentials token. */
function paddedBody(bytes: number): string {
  const head = 'grant_type=client_credentials&pad=';
  return head + 'a'.repeat(bytes - head.length);
}

/** A form body with `count` parameters, the first asking for a client_credentials token. */
function bodyWithParameters(count: number): string {
  return ['grant_type=client_credentials', ...Array.from({ length: count - 1 }, (_, i) => `p${i}=x`)].join('&');
}

function chunked(...parts: string[]): () => ReadableStream<Uint8Array> {
  return () =>
    new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
}

/** Scrapes the counters a request moves; the two replicas see the same requests, so the same moves. */
async function counters(server: Server): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match =
      /^((?:http_request_duration_seconds_count|oidc_oauth_errors_total|oidc_tokens_issued_total|oidc_rate_limited_requests_total)\{[^}]*\}) (\d+)$/.exec(
        line,
      );
    if (match) out.set(match[1], Number(match[2]));
  }
  return out;
}

function countsSince(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const [name, value] of after) {
    const delta = value - (before.get(name) ?? 0);
    if (delta !== 0 && (name.includes('/oauth2') || name.includes('unmatched') || name.startsWith('oidc_')))
      moved[name] = delta;
  }
  return moved;
}

/** Two replicas on one database and one issuer: with the fast path (the default) and without. */
async function startPair(env: Record<string, string> = {}): Promise<{ fast: Server; express: Server }> {
  const fastApp = await startTestApp({ LOG_LEVEL: 'warn', ...env }, undefined, markExpress);
  const expressApp = await startTestApp(
    { LOG_LEVEL: 'warn', ...env, HTTP_FAST_PATH: 'false', ISSUER: fastApp.url },
    fastApp.database,
    markExpress,
  );
  return {
    fast: { app: fastApp, url: fastApp.url },
    express: { app: expressApp, url: `http://127.0.0.1:${expressApp.config.port}` },
  };
}

async function closePair(pair: { fast?: Server; express?: Server }): Promise<void> {
  await pair.express?.app.close();
  // Last: it made the database, and drops it.
  await pair.fast?.app.close();
}

/** Sends the same request to both replicas, the one without the fast path first. */
async function sendToBoth(
  pair: { fast: Server; express: Server },
  call: (server: Server) => Call | Promise<Call>,
): Promise<{ viaFastPath: Answer; viaExpress: Answer }> {
  const viaExpress = await send(pair.express, await call(pair.express));
  const viaFastPath = await send(pair.fast, await call(pair.fast));
  return { viaFastPath, viaExpress };
}

interface Case {
  name: string;
  /** The request for one replica; it may first make the calls it needs there (a fresh code, a refresh token). */
  call: (server: Server) => Call | Promise<Call>;
  /** What Express answers, so the table also reads as the behaviour. */
  status: number;
  /** What answers it on the replica with the fast path. */
  router: Router;
  /** For answers with fresh tokens: every key must match, and the values of these. Otherwise, every byte. */
  fields?: string[];
}

describe('protocol fast path', () => {
  const pair = {} as { fast: Server; express: Server };
  let rp: RegisteredClient;
  let postRp: RegisteredClient;
  let alice: User;
  /** Issued once, used on both replicas: answers about it must be byte for byte the same. */
  let accessToken: string;
  let refreshToken: string;
  let clientToken: string;
  let countsBefore: { fast: Map<string, number>; express: Map<string, number> };

  const asRp = (): Record<string, string> => ({ authorization: basicAuth(rp.clientId, rp.clientSecret) });
  /** A DPoP proof (RFC 9449) for one request: both replicas share the issuer and the nonce secret. */
  const dpopProof = async (claims: Record<string, unknown> = {}) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return new SignJWT({
      htm: 'POST',
      htu: `${pair.fast.url}/oauth2/token`,
      jti: crypto.randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      nonce: new DpopNonces(TEST_SECRETS.KEY_ENCRYPTION_SECRET).current(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
  };
  const passwordGrant = async (server: Server, scope = 'openid email offline_access') => {
    const answer = await send(
      server,
      form({ grant_type: 'password', username: 'alice', password: PASSWORD, scope }, asRp()),
    );
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as { access_token: string; refresh_token: string };
  };
  const code = async (server: Server) =>
    (await issueCode(server.app, { clientId: rp.clientId, userId: alice.id, scope: ['openid'] })).code;
  const redeem = (value: string) =>
    form({ grant_type: 'authorization_code', code: value, redirect_uri: 'https://rp.example.com/cb' }, asRp());

  beforeAll(async () => {
    Object.assign(pair, await startPair());
    const { app } = pair.fast;
    rp = await createClient(app, {
      grantTypes: ['client_credentials', 'password', 'refresh_token', 'authorization_code'],
      allowedScopes: ['openid', 'email', 'offline_access'],
    });
    postRp = await createClient(app, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    alice = await createUser(app, { username: 'alice', password: PASSWORD, email: 'alice@example.com' });
    ({ access_token: accessToken, refresh_token: refreshToken } = await passwordGrant(pair.fast));
    const cc = await send(pair.fast, form({ grant_type: 'client_credentials' }, asRp()));
    clientToken = (JSON.parse(cc.text) as { access_token: string }).access_token;
    countsBefore = { fast: await counters(pair.fast), express: await counters(pair.express) };
  });
  afterAll(() => closePair(pair));

  const expectSameAnswers = async (c: Case) => {
    const { viaFastPath, viaExpress } = await sendToBoth(pair, c.call);
    expect(viaExpress.router).toBe('express');
    expect(viaExpress.status).toBe(c.status);
    expect(comparable(viaFastPath, c.fields)).toEqual(comparable(viaExpress, c.fields));
    expect(viaFastPath.router).toBe(c.router);
  };

  describe('the token endpoint', () => {
    const TOKEN_FIELDS = ['token_type', 'expires_in', 'scope'];
    const cases: Case[] = [
      {
        name: 'client_credentials with client_secret_basic',
        call: () => form({ grant_type: 'client_credentials' }, asRp()),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'client_credentials with client_secret_post',
        call: () =>
          form({ grant_type: 'client_credentials', client_id: postRp.clientId, client_secret: postRp.clientSecret }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a password grant, with an ID token and a refresh token',
        call: () =>
          form(
            { grant_type: 'password', username: 'alice', password: PASSWORD, scope: 'openid offline_access' },
            asRp(),
          ),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a refresh',
        call: async (server) =>
          form({ grant_type: 'refresh_token', refresh_token: (await passwordGrant(server)).refresh_token }, asRp()),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'an authorization code',
        call: async (server) => redeem(await code(server)),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'an authorization code used twice',
        call: async (server) => {
          const value = await code(server);
          expect((await send(server, redeem(value))).status).toBe(200);
          return redeem(value);
        },
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a wrong client secret (401 invalid_client with a Basic challenge)',
        call: () =>
          form({ grant_type: 'client_credentials' }, { authorization: basicAuth(rp.clientId, 'not-the-secret') }),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'an Authorization header that is no Basic credential',
        call: () => form({ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'no client authentication at all',
        call: () => form({ grant_type: 'client_credentials' }),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'an unknown grant_type',
        call: () => form({ grant_type: 'urn:example:magic' }, asRp()),
        status: 400,
        router: 'fast path',
      },
      { name: 'no grant_type', call: () => form({}, asRp()), status: 400, router: 'fast path' },
      {
        name: 'grant_type twice',
        call: () =>
          form(
            [
              ['grant_type', 'client_credentials'],
              ['grant_type', 'client_credentials'],
            ],
            asRp(),
          ),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a grant the client is not registered for',
        call: () =>
          form({
            grant_type: 'password',
            username: 'alice',
            password: PASSWORD,
            client_id: postRp.clientId,
            client_secret: postRp.clientSecret,
          }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a scope the client may not have',
        call: () => form({ grant_type: 'client_credentials', scope: 'admin' }, asRp()),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'empty values and a parameter without "=" (omitted, RFC 6749 §3.1)',
        call: () => ({ ...form({}, asRp()), body: 'grant_type=client_credentials&scope=&flag&=x' }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a name in brackets, which the form parser unwraps',
        call: () => ({ ...form({}, asRp()), body: '[grant_type]=client_credentials' }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a __proto__ parameter, which the form parser drops',
        call: () => ({ ...form({}, asRp()), body: '__proto__=x&constructor=y&grant_type=client_credentials' }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: '"+" and malformed percent-escapes, decoded as the form parser does',
        call: () => ({ ...form({}, asRp()), body: 'grant_type=client+credentials%ZZ%FF%e2%82' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'escapes of invalid UTF-8 alone',
        call: () => ({ ...form({}, asRp()), body: 'grant_type=%FF%FE' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a NUL character in a value',
        call: () => ({ ...form({}, asRp()), body: 'grant_type=client_credentials&scope=openid%00' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a NUL character in a name',
        call: () => ({ ...form({}, asRp()), body: 'grant_type=client_credentials&sco%00pe=openid' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a body of exactly 64 KiB',
        call: () => ({ ...form({}, asRp()), body: paddedBody(64 * 1024) }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a body one byte over 64 KiB (413)',
        call: () => ({ ...form({}, asRp()), body: paddedBody(64 * 1024 + 1) }),
        status: 413,
        router: 'fast path',
      },
      {
        name: 'a streamed body over 64 KiB, with no Content-Length (413)',
        call: () => ({ ...form({}, asRp()), body: chunked(paddedBody(40 * 1024), paddedBody(40 * 1024)) }),
        status: 413,
        router: 'fast path',
      },
      {
        name: 'a streamed (chunked) body',
        call: () => ({ ...form({}, asRp()), body: chunked('grant_type=client_', 'credentials') }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'exactly 100 parameters',
        call: () => ({ ...form({}, asRp()), body: bodyWithParameters(100) }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: '101 parameters (413)',
        call: () => ({ ...form({}, asRp()), body: bodyWithParameters(101) }),
        status: 413,
        router: 'fast path',
      },
      {
        name: 'charset=UTF-8 in the content type',
        call: () => form({ grant_type: 'client_credentials' }, { ...asRp(), 'content-type': `${FORM};charset=UTF-8` }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'an upper-case media type',
        call: () =>
          form(
            { grant_type: 'client_credentials' },
            { ...asRp(), 'content-type': 'Application/X-WWW-Form-URLEncoded' },
          ),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'charset=utf-16',
        call: () =>
          form({ grant_type: 'client_credentials' }, { ...asRp(), 'content-type': `${FORM}; charset=utf-16` }),
        status: 415,
        router: 'fast path',
      },
      {
        name: 'charset=iso-8859-1 with a Latin-1 byte and a Latin-1 escape',
        call: () => ({
          ...form({}, { ...asRp(), 'content-type': `${FORM}; charset=iso-8859-1` }),
          body: new Uint8Array(Buffer.from('grant_type=caf\xe9%E9', 'latin1')),
        }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a gzip-encoded body',
        call: () => ({
          ...form({}, { ...asRp(), 'content-encoding': 'gzip' }),
          body: new Uint8Array(gzipSync('grant_type=client_credentials')),
        }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'an unknown content encoding',
        call: () => ({ ...form({ grant_type: 'client_credentials' }, { ...asRp(), 'content-encoding': 'x-magic' }) }),
        status: 415,
        router: 'fast path',
      },
      {
        name: 'a JSON body (Express on both)',
        call: () => ({
          path: '/oauth2/token',
          headers: { 'content-type': 'application/json', ...asRp() },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        }),
        status: 200,
        router: 'express',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a text/plain body (Express on both)',
        call: () => ({
          ...form({}, { ...asRp(), 'content-type': 'text/plain' }),
          body: 'grant_type=client_credentials',
        }),
        status: 400,
        router: 'express',
      },
      {
        name: 'no Content-Type (Express on both)',
        call: () => ({ path: '/oauth2/token', headers: asRp(), body: new Uint8Array(Buffer.from('grant_type=x')) }),
        status: 400,
        router: 'express',
      },
      {
        name: 'a trailing slash (Express on both)',
        call: () => form({ grant_type: 'client_credentials' }, asRp(), '/oauth2/token/'),
        status: 200,
        router: 'express',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'an upper-case path (Express on both)',
        call: () => form({ grant_type: 'client_credentials' }, asRp(), '/OAUTH2/TOKEN'),
        status: 200,
        router: 'express',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a query string (Express on both)',
        call: () => form({ grant_type: 'client_credentials' }, asRp(), '/oauth2/token?x=1'),
        status: 200,
        router: 'express',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'no body at all',
        call: () => ({ path: '/oauth2/token', headers: asRp(), bodiless: true }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'an empty body without a Content-Type (Express on both)',
        call: () => ({ path: '/oauth2/token', headers: asRp(), body: '' }),
        status: 400,
        router: 'express',
      },
      {
        name: 'a media type that only begins like a form',
        call: () => form({ grant_type: 'client_credentials' }, { ...asRp(), 'content-type': `${FORM}-but-not-quite` }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a GET (Express on both)',
        call: () => ({ method: 'GET', path: '/oauth2/token' }),
        status: 404,
        router: 'express',
      },
      {
        name: 'client_credentials with a DPoP proof (a DPoP-bound token)',
        call: async () => form({ grant_type: 'client_credentials' }, { ...asRp(), dpop: await dpopProof() }),
        status: 200,
        router: 'fast path',
        fields: TOKEN_FIELDS,
      },
      {
        name: 'a DPoP proof without the server nonce (use_dpop_nonce, with DPoP-Nonce)',
        call: async () =>
          form({ grant_type: 'client_credentials' }, { ...asRp(), dpop: await dpopProof({ nonce: undefined }) }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a DPoP header that is not a proof',
        call: () => form({ grant_type: 'client_credentials' }, { ...asRp(), dpop: 'not-a-proof' }),
        status: 400,
        router: 'fast path',
      },
    ];
    it.each(cases)('answers $name alike', (c) => expectSameAnswers(c));
  });

  describe('introspection', () => {
    const introspect = (params: Record<string, string> | [string, string][], headers = asRp()) =>
      form(params, headers, '/oauth2/introspect');
    const cases: Case[] = [
      {
        name: 'an active access token',
        call: () => introspect({ token: accessToken }),
        status: 200,
        router: 'fast path',
      },
      {
        name: 'an active refresh token, with a hint',
        call: () => introspect({ token: refreshToken, token_type_hint: 'refresh_token' }),
        status: 200,
        router: 'fast path',
      },
      { name: 'a client token', call: () => introspect({ token: clientToken }), status: 200, router: 'fast path' },
      {
        name: 'an unknown token',
        call: () => introspect({ token: 'no-such-token' }),
        status: 200,
        router: 'fast path',
      },
      {
        name: 'an active token asked by a client_secret_post client',
        call: () =>
          introspect({ token: accessToken, client_id: postRp.clientId, client_secret: postRp.clientSecret }, {}),
        status: 200,
        router: 'fast path',
      },
      { name: 'no token parameter', call: () => introspect({}), status: 400, router: 'fast path' },
      {
        name: 'token twice',
        call: () =>
          introspect([
            ['token', accessToken],
            ['token', accessToken],
          ]),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'no client authentication',
        call: () => introspect({ token: accessToken }, {}),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'a wrong client secret',
        call: () => introspect({ token: accessToken }, { authorization: basicAuth(rp.clientId, 'wrong') }),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'a JSON body (Express on both)',
        call: () => ({
          path: '/oauth2/introspect',
          headers: { 'content-type': 'application/json', ...asRp() },
          body: JSON.stringify({ token: accessToken }),
        }),
        status: 200,
        router: 'express',
      },
    ];
    it.each(cases)('answers $name alike', (c) => expectSameAnswers(c));
  });

  describe('revocation', () => {
    const revoke = (params: Record<string, string>, headers = asRp()) => form(params, headers, '/oauth2/revoke');
    const cases: Case[] = [
      { name: 'an unknown token', call: () => revoke({ token: 'no-such-token' }), status: 200, router: 'fast path' },
      { name: 'no token parameter', call: () => revoke({}), status: 400, router: 'fast path' },
      {
        name: 'no client authentication',
        call: () => revoke({ token: 'no-such-token' }, {}),
        status: 401,
        router: 'fast path',
      },
    ];
    it.each(cases)('answers $name alike', (c) => expectSameAnswers(c));

    it('revokes alike: 200 and an empty body, then introspection and userinfo see the token dead', async () => {
      // Each replica revokes a token of its own: they share the database.
      const tokens = new Map<Server, string>();
      const tokenOf = async (server: Server) => {
        if (!tokens.has(server)) tokens.set(server, (await passwordGrant(server)).access_token);
        return tokens.get(server)!;
      };
      const revoked = await sendToBoth(pair, async (s) => revoke({ token: await tokenOf(s) }));
      expect(revoked.viaExpress).toMatchObject({ status: 200, text: '' });
      expect(comparable(revoked.viaFastPath)).toEqual(comparable(revoked.viaExpress));
      expect(revoked.viaFastPath.router).toBe('fast path');

      const introspected = await sendToBoth(pair, async (s) =>
        form({ token: await tokenOf(s) }, asRp(), '/oauth2/introspect'),
      );
      expect(introspected.viaExpress).toMatchObject({ status: 200, text: '{"active":false}' });
      expect(comparable(introspected.viaFastPath)).toEqual(comparable(introspected.viaExpress));

      const userinfo = await sendToBoth(pair, async (s) => ({
        method: 'GET',
        path: '/oauth2/userinfo',
        headers: { authorization: `Bearer ${await tokenOf(s)}` },
      }));
      expect(userinfo.viaExpress.status).toBe(401);
      expect(comparable(userinfo.viaFastPath)).toEqual(comparable(userinfo.viaExpress));
    });
  });

  describe('userinfo', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
    const dpopProofBy = async ({ privateKey, publicKey }: KeyPair, claims: Record<string, unknown>) =>
      new SignJWT({
        jti: crypto.randomUUID(),
        iat: Math.floor(Date.now() / 1000),
        nonce: new DpopNonces(TEST_SECRETS.KEY_ENCRYPTION_SECRET).current(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
        .sign(privateKey);
    /** A password grant with a DPoP proof: an access token bound to `key`. */
    const boundToken = async (server: Server, key?: KeyPair) => {
      const dpop = await dpopProofBy(key ?? (await generateKeyPair('ES256')), {
        htm: 'POST',
        htu: `${pair.fast.url}/oauth2/token`,
      });
      const params = { grant_type: 'password', username: 'alice', password: PASSWORD, scope: 'openid email' };
      const answer = await send(server, form(params, { ...asRp(), dpop }));
      expect(answer.status).toBe(200);
      return (JSON.parse(answer.text) as { access_token: string }).access_token;
    };
    const get = (headers: Record<string, string> = {}, path = '/oauth2/userinfo'): Call => ({
      method: 'GET',
      path,
      headers,
    });
    const cases: Case[] = [
      { name: 'a GET with a Bearer header', call: () => get(bearer(accessToken)), status: 200, router: 'fast path' },
      {
        name: 'a POST with the token in a form body',
        call: () => form({ access_token: accessToken }, {}, '/oauth2/userinfo'),
        status: 200,
        router: 'fast path',
      },
      {
        name: 'a POST with a Bearer header and an empty form',
        call: () => form({}, bearer(accessToken), '/oauth2/userinfo'),
        status: 200,
        router: 'fast path',
      },
      {
        name: 'a POST with a Bearer header and no body at all',
        call: () => ({ path: '/oauth2/userinfo', headers: bearer(accessToken), bodiless: true }),
        status: 200,
        router: 'fast path',
      },
      {
        name: 'a POST with the token in the header and the body',
        call: () => form({ access_token: accessToken }, bearer(accessToken), '/oauth2/userinfo'),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a POST with access_token twice',
        call: () =>
          form(
            [
              ['access_token', accessToken],
              ['access_token', accessToken],
            ],
            {},
            '/oauth2/userinfo',
          ),
        status: 400,
        router: 'fast path',
      },
      { name: 'a GET without a token (a bare challenge)', call: () => get(), status: 401, router: 'fast path' },
      {
        name: 'a POST without a token',
        call: () => form({}, {}, '/oauth2/userinfo'),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'a GET with another scheme',
        call: () => get({ authorization: basicAuth(rp.clientId, rp.clientSecret) }),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'an unknown token (invalid_token)',
        call: () => get(bearer('no-such-token')),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'a malformed Bearer header',
        call: () => get({ authorization: 'Bearer two words' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a DPoP-bound token as a bearer token (a DPoP challenge)',
        call: async (server) => get(bearer(await boundToken(server))),
        status: 401,
        router: 'fast path',
      },
      {
        name: 'a DPoP-bound token with its proof',
        call: async (server) => {
          const key = await generateKeyPair('ES256');
          const token = await boundToken(server, key);
          const htu = `${pair.fast.url}/oauth2/userinfo`;
          return get({
            authorization: `DPoP ${token}`,
            dpop: await dpopProofBy(key, { htm: 'GET', htu, ath: accessTokenHash(token) }),
          });
        },
        status: 200,
        router: 'fast path',
        fields: ['sub', 'email'],
      },
      {
        name: 'a client_credentials token, without openid (insufficient_scope)',
        call: () => get(bearer(clientToken)),
        status: 403,
        router: 'fast path',
      },
      {
        name: 'a POST with a NUL character in the body',
        call: () => ({ ...form({}, bearer(accessToken), '/oauth2/userinfo'), body: 'x=%00' }),
        status: 400,
        router: 'fast path',
      },
      {
        name: 'a CORS preflight (Express on both)',
        call: () => ({
          method: 'OPTIONS',
          path: '/oauth2/userinfo',
          headers: {
            origin: 'https://rp.example.com',
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        }),
        status: 204,
        router: 'express',
      },
      {
        name: 'a HEAD (Express on both)',
        call: () => ({ ...get(bearer(accessToken)), method: 'HEAD' }),
        status: 200,
        router: 'express',
      },
      {
        name: 'a GET with a query string (Express on both)',
        call: () => get(bearer(accessToken), '/oauth2/userinfo?x=1'),
        status: 200,
        router: 'express',
      },
      {
        name: 'a POST with a JSON body (Express on both)',
        call: () => ({
          path: '/oauth2/userinfo',
          headers: { 'content-type': 'application/json', ...bearer(accessToken) },
          body: '{}',
        }),
        status: 200,
        router: 'express',
      },
      {
        name: 'a PUT (Express on both)',
        call: () => ({ ...get(bearer(accessToken)), method: 'PUT' }),
        status: 404,
        router: 'express',
      },
    ];
    it.each(cases)('answers $name alike', (c) => expectSameAnswers(c));
  });

  describe('request ids', () => {
    const hotRequests: [string, () => Call][] = [
      ['token', () => form({ grant_type: 'client_credentials' }, asRp())],
      ['introspection', () => form({ token: accessToken }, asRp(), '/oauth2/introspect')],
      ['revocation', () => form({ token: 'no-such-token' }, asRp(), '/oauth2/revoke')],
      [
        'userinfo',
        () => ({ method: 'GET', path: '/oauth2/userinfo', headers: { authorization: `Bearer ${accessToken}` } }),
      ],
    ];
    it.each(hotRequests)('keeps a sane X-Request-Id at the %s endpoint and makes one up otherwise', async (_, call) => {
      const withId = (id: string) => () => {
        const c = call();
        return { ...c, headers: { ...c.headers, 'x-request-id': id } };
      };
      const kept = await sendToBoth(pair, withId('rp-42.trace_7'));
      expect(kept.viaFastPath.router).toBe('fast path');
      expect([kept.viaFastPath.requestId, kept.viaExpress.requestId]).toEqual(['rp-42.trace_7', 'rp-42.trace_7']);
      const made = await sendToBoth(pair, call);
      expect(made.viaFastPath.requestId).toMatch(UUID);
      expect(made.viaExpress.requestId).toMatch(UUID);
      const refused = await sendToBoth(pair, withId('not sane; <script>'));
      expect(refused.viaFastPath.requestId).toMatch(UUID);
      expect(refused.viaExpress.requestId).toMatch(UUID);
    });
  });

  it('turns the discovery fast path off with HTTP_FAST_PATH=false as well', async () => {
    const { viaFastPath, viaExpress } = await sendToBoth(pair, () => ({
      method: 'GET',
      path: '/.well-known/jwks.json',
    }));
    expect([viaFastPath.router, viaExpress.router]).toEqual(['fast path', 'express']);
    expect(comparable(viaFastPath)).toEqual(comparable(viaExpress));
  });

  // Last: every request above went to both replicas, so both must have counted the same.
  it('counts the same metrics as the router for the same requests', async () => {
    const fast = countsSince(countsBefore.fast, await counters(pair.fast));
    const express = countsSince(countsBefore.express, await counters(pair.express));
    expect(fast).toEqual(express);
  });
});

describe('protocol fast path under rate limits', () => {
  const pair = {} as { fast: Server; express: Server };
  beforeAll(async () => {
    Object.assign(
      pair,
      await startPair({
        CLEANUP_INTERVAL: '0',
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_TOKEN: '2/60',
        RATE_LIMIT_INTROSPECTION: '2/60',
        // The limits count per client IP: the fast path must see the one the router sees. Two hops:
        // the peer and the inner proxy 10.0.0.2 of every request below.
        TRUST_PROXY: '2',
      }),
    );
  });
  afterAll(() => closePair(pair));

  /** Sends the requests in order to each replica (each counts in memory), then compares both sequences. */
  const sequenceOnBoth = async (calls: Call[]) => {
    const out: { fast: Answer[]; express: Answer[] } = { fast: [], express: [] };
    for (const call of calls) out.express.push(await send(pair.express, call));
    for (const call of calls) out.fast.push(await send(pair.fast, call));
    return out;
  };
  /** Retry-After counts down: equal to a second or two, and within the window. */
  const expectSameRefusal = (viaFastPath: Answer, viaExpress: Answer) => {
    const { 'retry-after': fastRetry, ...fastHeaders } = viaFastPath.headers;
    const { 'retry-after': expressRetry, ...expressHeaders } = viaExpress.headers;
    expect(viaExpress.status).toBe(429);
    expect({ ...viaFastPath, headers: fastHeaders, requestId: null }).toEqual({
      ...viaExpress,
      headers: expressHeaders,
      requestId: null,
      router: 'fast path',
    });
    expect(Number(fastRetry)).toBeGreaterThanOrEqual(1);
    expect(Number(fastRetry)).toBeLessThanOrEqual(60);
    expect(Math.abs(Number(fastRetry) - Number(expressRetry))).toBeLessThanOrEqual(2);
    expect(JSON.parse(viaFastPath.text)).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
  };

  const wrongSecret = (ip: string, headers: Record<string, string> = {}): Call =>
    form(
      { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'wrong' },
      { 'x-forwarded-for': `${ip}, 10.0.0.2`, ...headers },
    );

  it('refuses the token request beyond the limit alike, counting only the requests the router counts', async () => {
    const wrong = wrongSecret('203.0.113.1');
    const calls: Call[] = [
      // Refused before any route runs: Express never counts these.
      { ...wrong, body: paddedBody(64 * 1024 + 1) },
      { ...wrong, body: 'grant_type=%00' },
      wrongSecret('203.0.113.1', { 'content-type': `${FORM}; charset=utf-16` }),
      wrong,
      // Through Express on both, against the same limit.
      {
        ...wrongSecret('203.0.113.1', { 'content-type': 'application/json' }),
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'wrong' }),
      },
      wrong,
    ];
    const answers = await sequenceOnBoth(calls);
    expect(answers.express.map((a) => a.status)).toEqual([413, 400, 415, 401, 401, 429]);
    expect(answers.fast.map((a) => a.status)).toEqual(answers.express.map((a) => a.status));
    expect(answers.fast.map((a) => a.router)).toEqual([...Array(4).fill('fast path'), 'express', 'fast path']);
    expectSameRefusal(answers.fast[5], answers.express[5]);
  });

  it('gives each client behind the proxy its own budget, as the router does', async () => {
    const answers = await sequenceOnBoth([wrongSecret('203.0.113.2'), wrongSecret('203.0.113.1')]);
    expect(answers.express.map((a) => a.status)).toEqual([401, 429]);
    expect(answers.fast.map((a) => a.status)).toEqual([401, 429]);
  });

  it('refuses introspection beyond the limit alike', async () => {
    const anonymous = form({ token: 'no-such-token' }, {}, '/oauth2/introspect');
    const answers = await sequenceOnBoth([anonymous, anonymous, anonymous]);
    expect(answers.express.map((a) => a.status)).toEqual([401, 401, 429]);
    expect(answers.fast.map((a) => a.status)).toEqual([401, 401, 429]);
    expectSameRefusal(answers.fast[2], answers.express[2]);
  });

  it('counts refusals in the same metrics', async () => {
    const none = new Map<string, number>();
    expect(countsSince(none, await counters(pair.fast))).toEqual(countsSince(none, await counters(pair.express)));
  });
});
