import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, form, FORM, header, json, send, type FlowRequest, type FlowResponse } from './http-exchange';

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
  steps: SignInStep[];
}

export function newSignInState(): SignInState {
  return {
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

function authorizationQuery(client: WebClient, state: SignInState): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: client.scope,
    state: state.state,
    nonce: state.state,
    code_challenge: challenge(state.verifier),
    code_challenge_method: 'S256',
  }).toString();
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

/**
 * Our server (README "Signing in"): authorize → login page → login form → code (consent
 * skipped by the client's policy) → token. The login page's form carries a CSRF token.
 */
export function ourSignIn(client: WebClient, account: Account): SignInFlow {
  return {
    steps: [
      {
        name: 'authorize',
        request: (state) => ({ method: 'GET', path: `/oauth2/authorize?${authorizationQuery(client, state)}` }),
        check: (res, state) => {
          const target = redirectTarget(res, 'authorize');
          if (!/^\/interaction\/[^/]+\/login$/.test(target.pathname))
            throw new Error(`authorize: sent to ${target.pathname}, not to a login page`);
          state.next = pathOf(target);
        },
      },
      {
        name: 'login page',
        request: (state) => ({ method: 'GET', path: state.next! }),
        check: (res, state) => {
          const csrf = /name="csrf" value="([^"]+)"/.exec(res.body)?.[1];
          if (res.status !== 200 || !csrf) throw new Error(`login page: ${res.status} without a CSRF token`);
          state.csrf = csrf;
        },
      },
      {
        name: 'login',
        request: (state) => ({
          method: 'POST',
          path: state.next!,
          headers: { 'content-type': FORM },
          body: loginForm(account, state.csrf),
        }),
        check: (res, state) => readCallback(res, client, state, 'login'),
      },
      tokenStep('/oauth2/token', client),
    ],
  };
}

/**
 * oidc-provider with the login page of bench/oidc-provider-server.mjs: authorize → login page →
 * login form → resume the authorization → code (consent implied for the first-party client) → token.
 */
export function oidcProviderSignIn(client: WebClient, account: Account): SignInFlow {
  return {
    steps: [
      {
        name: 'authorize',
        request: (state) => ({ method: 'GET', path: `/auth?${authorizationQuery(client, state)}` }),
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
          body: loginForm(account),
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
  const state = newSignInState();
  for (const step of flow.steps) {
    const res = await send(baseUrl, withCookies(state, step.request(state)));
    storeCookies(state, res);
    step.check(res, state);
  }
  return state.tokens!;
}
