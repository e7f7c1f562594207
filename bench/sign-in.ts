import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, form, FORM, header, json, send, type FlowRequest, type FlowResponse } from './http-exchange';
import type { TotpAccount, TotpAccounts } from './totp-accounts';

/** A relying party's confidential client that signs users in with the code flow. */
export interface WebClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
}

export interface Account {
  username: string;
  password: string;
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token: string;
}

/** One browser's state through one sign-in: a fresh cookie jar and fresh PKCE, state and nonce. */
export interface SignInState {
  /** Who signs in. */
  account: Account;
  /** The same user, when the flow answers a TOTP step for them. */
  totp?: TotpAccount;
  cookies: Map<string, string>;
  verifier: string;
  state: string;
  /** Where the previous response sent the browser (path and query). */
  next?: string;
  csrf?: string;
  code?: string;
  tokens?: TokenSet;
  startedAt: number;
}

/** One request of the flow: what the browser (or the RP, for the last one) sends, and what must come back. */
export interface SignInStep {
  name: string;
  request(state: SignInState): FlowRequest;
  /** Throws an Error naming what was wrong. */
  check(res: FlowResponse, state: SignInState): void;
}

export interface SignInFlow {
  /** A new browser's state, for a sign-in of the flow's user (or of the next one of its pool). */
  begin(): SignInState;
  steps: SignInStep[];
}

export function newSignInState(account: Account): SignInState {
  return {
    account,
    cookies: new Map(),
    verifier: randomBytes(32).toString('base64url'),
    state: randomBytes(12).toString('base64url'),
    startedAt: performance.now(),
  };
}

const challenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Adds the jar's cookies, as a browser would (paths are ignored: one jar per sign-in). */
export function withCookies(state: SignInState, request: FlowRequest): FlowRequest {
  if (state.cookies.size === 0) return request;
  const cookie = [...state.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return { ...request, headers: { ...request.headers, cookie } };
}

/** Keeps the cookies a response sets, drops those it expires. */
export function storeCookies(state: SignInState, res: FlowResponse): void {
  const set = res.headers['set-cookie'];
  for (const line of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const expired = attributes.some(
      (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
    );
    if (expired) state.cookies.delete(name);
    else state.cookies.set(name, pair.slice(eq + 1));
  }
}

function redirectTarget(res: FlowResponse, step: string): URL {
  if (res.status !== 302 && res.status !== 303) throw new Error(`${step}: expected a redirect, got ${res.status}`);
  const location = header(res, 'location');
  if (!location) throw new Error(`${step}: redirect without Location`);
  return new URL(location, 'http://server.invalid');
}

const pathOf = (url: URL) => url.pathname + url.search;

function authorizationParameters(client: WebClient, state: SignInState): Record<string, string> {
  return {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: client.scope,
    state: state.state,
    nonce: state.state,
    code_challenge: challenge(state.verifier),
    code_challenge_method: 'S256',
  };
}

const authorizationQuery = (client: WebClient, state: SignInState) =>
  new URLSearchParams(authorizationParameters(client, state)).toString();

/**
 * RFC 9126 §2: the RP pushes the authorization request with its client authentication, and sends
 * the browser to the authorization endpoint with only client_id and the request_uri (§4).
 */
function pushStep(client: WebClient, paths: { par: string; authorize: string }): SignInStep {
  return {
    name: 'push',
    request: (state) => ({
      method: 'POST',
      path: paths.par,
      headers: { 'content-type': FORM, authorization: basicAuth(client.clientId, client.clientSecret) },
      body: form(authorizationParameters(client, state)),
    }),
    check: (res, state) => {
      const body = json(res.body);
      if (res.status !== 201 || typeof body?.request_uri !== 'string' || typeof body.expires_in !== 'number')
        throw new Error(`push: ${res.status} ${res.body.slice(0, 200)}`);
      const query = new URLSearchParams({ client_id: client.clientId, request_uri: body.request_uri });
      state.next = `${paths.authorize}?${query}`;
    },
  };
}

/** The redirect back to the RP: it must carry a code and our state. */
function readCallback(res: FlowResponse, client: WebClient, state: SignInState, step: string): void {
  const target = redirectTarget(res, step);
  const href = target.href;
  if (!href.startsWith(client.redirectUri)) throw new Error(`${step}: redirected to ${href}, not to the client`);
  const code = target.searchParams.get('code');
  if (!code) throw new Error(`${step}: no code in ${href}`);
  if (target.searchParams.get('state') !== state.state) throw new Error(`${step}: state does not match`);
  state.code = code;
}

/** The RP redeems the code (RFC 6749 §4.1.3 with the PKCE verifier). */
function tokenStep(tokenPath: string, client: WebClient): SignInStep {
  return {
    name: 'token',
    request: (state) => ({
      method: 'POST',
      path: tokenPath,
      headers: { 'content-type': FORM, authorization: basicAuth(client.clientId, client.clientSecret) },
      body: form({
        grant_type: 'authorization_code',
        code: state.code!,
        redirect_uri: client.redirectUri,
        code_verifier: state.verifier,
      }),
    }),
    check: (res, state) => {
      const body = json(res.body);
      if (res.status !== 200 || typeof body?.access_token !== 'string' || typeof body.id_token !== 'string')
        throw new Error(`token: ${res.status} ${res.body.slice(0, 200)}`);
      state.tokens = body as unknown as TokenSet;
    },
  };
}

const loginForm = (account: Account, csrf?: string) =>
  form({ ...(csrf === undefined ? {} : { csrf }), login: account.username, password: account.password });

/** Variants of the sign-in: the request pushed first (RFC 9126), and users with an authenticator app. */
export interface SignInOptions {
  par?: boolean;
  /** Signs in these users, one per sign-in, and answers the second-factor step with their code. */
  totp?: TotpAccounts;
}

const INTERACTION_PAGE = /^\/interaction\/[^/]+\/(login|second-factor)$/;

/** The browser's request for the authorization: the whole query, or what PAR's push step left in `next`. */
function authorizeRequest(client: WebClient, path: string, par: boolean) {
  return (state: SignInState): FlowRequest => ({
    method: 'GET',
    path: par ? state.next! : `${path}?${authorizationQuery(client, state)}`,
  });
}

/** A new state for each sign-in: the same user each time, or the next of the pool with no code used in this time step. */
function beginWith(account: Account, totp: TotpAccounts | undefined): () => SignInState {
  if (!totp) return () => newSignInState(account);
  return () => {
    const user = totp.take();
    if (!user)
      throw new Error(`every one of the ${totp.size} TOTP users has signed in within this 30 s step: more are needed`);
    return { ...newSignInState(user), totp: user };
  };
}

/**
 * Our server (README "Signing in"): authorize → login page → login form → code (consent
 * remembered from an earlier sign-in) → token. The login page's form carries a CSRF token. With
 * `par`, the RP pushes the request first; with `totp`, the login leads to the second-factor page
 * (docs/second-factors.md) and its one-time code form.
 */
export function ourSignIn(client: WebClient, account: Account, options: SignInOptions = {}): SignInFlow {
  const { par = false, totp } = options;
  const page = (target: URL, step: string, expected: 'login' | 'second-factor') => {
    if (INTERACTION_PAGE.exec(target.pathname)?.[1] !== expected)
      throw new Error(`${step}: sent to ${target.pathname}, not to the ${expected} page`);
    return pathOf(target);
  };
  const csrfOf = (res: FlowResponse, step: string) => {
    const csrf = /name="csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (res.status !== 200 || !csrf) throw new Error(`${step}: ${res.status} without a CSRF token`);
    return csrf;
  };
  const secondFactor: SignInStep[] = [
    {
      name: 'second-factor page',
      request: (state) => ({ method: 'GET', path: state.next! }),
      check: (res, state) => {
        state.csrf = csrfOf(res, 'second-factor page');
        if (!res.body.includes('name="method" value="totp"'))
          throw new Error('second-factor page: no authenticator app form');
      },
    },
    {
      name: 'second factor',
      request: (state) => ({
        method: 'POST',
        path: state.next!,
        headers: { 'content-type': FORM },
        body: form({ csrf: state.csrf!, method: 'totp', code: totp!.code(state.totp!) }),
      }),
      check: (res, state) => readCallback(res, client, state, 'second factor'),
    },
  ];
  return {
    begin: beginWith(account, totp),
    steps: [
      ...(par ? [pushStep(client, { par: '/oauth2/par', authorize: '/oauth2/authorize' })] : []),
      {
        name: 'authorize',
        request: authorizeRequest(client, '/oauth2/authorize', par),
        check: (res, state) => {
          state.next = page(redirectTarget(res, 'authorize'), 'authorize', 'login');
        },
      },
      {
        name: 'login page',
        request: (state) => ({ method: 'GET', path: state.next! }),
        check: (res, state) => {
          state.csrf = csrfOf(res, 'login page');
        },
      },
      {
        name: 'login',
        request: (state) => ({
          method: 'POST',
          path: state.next!,
          headers: { 'content-type': FORM },
          body: loginForm(state.account, state.csrf),
        }),
        check: (res, state) => {
          if (!totp) return readCallback(res, client, state, 'login');
          state.next = page(redirectTarget(res, 'login'), 'login', 'second-factor');
        },
      },
      ...(totp ? secondFactor : []),
      tokenStep('/oauth2/token', client),
    ],
  };
}

/**
 * oidc-provider with the login page of bench/oidc-provider-server.mjs: authorize → login page →
 * login form → resume the authorization → code (consent implied for the first-party client) → token.
 * With `par`, the RP pushes the request to its PAR endpoint (`/request`) first.
 */
export function oidcProviderSignIn(client: WebClient, account: Account, options: { par?: boolean } = {}): SignInFlow {
  const { par = false } = options;
  return {
    begin: () => newSignInState(account),
    steps: [
      ...(par ? [pushStep(client, { par: '/request', authorize: '/auth' })] : []),
      {
        name: 'authorize',
        request: authorizeRequest(client, '/auth', par),
        check: (res, state) => {
          const target = redirectTarget(res, 'authorize');
          if (!target.pathname.startsWith('/interaction/')) throw new Error(`authorize: sent to ${target.pathname}`);
          state.next = pathOf(target);
        },
      },
      {
        name: 'login page',
        request: (state) => ({ method: 'GET', path: state.next! }),
        check: (res, state) => {
          const action = /action="([^"]+)"/.exec(res.body)?.[1];
          if (res.status !== 200 || !action) throw new Error(`login page: ${res.status} without a form`);
          state.next = action;
        },
      },
      {
        name: 'login',
        request: (state) => ({
          method: 'POST',
          path: state.next!,
          headers: { 'content-type': FORM },
          body: loginForm(state.account),
        }),
        check: (res, state) => {
          const target = redirectTarget(res, 'login');
          if (!target.pathname.startsWith('/auth/')) throw new Error(`login: sent to ${target.pathname}`);
          state.next = pathOf(target);
        },
      },
      {
        name: 'resume',
        request: (state) => ({ method: 'GET', path: state.next! }),
        check: (res, state) => readCallback(res, client, state, 'resume'),
      },
      tokenStep('/token', client),
    ],
  };
}

/** Runs one whole sign-in with fetch (setting up tokens for the other scenarios). */
export async function signInOnce(baseUrl: string, flow: SignInFlow): Promise<TokenSet> {
  const state = flow.begin();
  for (const step of flow.steps) {
    const res = await send(baseUrl, withCookies(state, step.request(state)));
    storeCookies(state, res);
    step.check(res, state);
  }
  return state.tokens!;
}
