import type autocannon from 'autocannon';
import { asksForNonce, DpopProver } from './dpop-prover';
import { basicAuth, form, FORM, json, lowerCaseHeaders, send, type FlowRequest } from './http-exchange';
import { signInOnce, storeCookies, withCookies, type SignInState } from './sign-in';
import type { Tally } from './tally';
import type { SignInScenario, Target } from './targets';

/** How one scenario loads one target. */
export interface LoadPlan {
  /** The request steps autocannon cycles through on each connection, checking every response. */
  steps(tally: Tally): autocannon.RequestStep[];
  /** Before every run, warm-up included (e.g. to top up a pool of refresh tokens). */
  beforeRun?(connections: number): Promise<void>;
}

export interface Scenario {
  name: string;
  title: string;
  /** What throughput counts: requests, or whole sign-ins (several requests each). */
  unit: 'req' | 'sign-in';
  /** The goal for our throughput over oidc-provider's (the Performance issue). */
  goalRatio?: number;
  /** The goal in units per second, whatever oidc-provider does. */
  goalRate?: number;
  /** The goal for our throughput over the floor server's (bench/floor-server.mjs), where it runs the scenario. */
  goalFloorShare?: number;
  /** The goal for a sign-in's CPU beyond its password check, ms. */
  goalBeyondHashMs?: number;
  /** The goal for our CPU per unit over another scenario's (a variant of a flow beside the plain one). */
  cpuGoal?: CpuGoal;
  /** Whether the target serves it at all; false: reported as n/a (oidc-provider has no second factor). */
  appliesTo?(target: Target): boolean;
  plan(target: Target): Promise<LoadPlan>;
}

export interface CpuGoal {
  /** The scenario measured beside it. */
  baseline: string;
  /** The most CPU per unit it may take, as a multiple of the baseline's. */
  maxRatio: number;
}

/** Checks a response; returns what is wrong with it, or undefined. */
type Check = (status: number, body: string) => string | undefined;

function singleRequest(request: autocannon.Request, check: Check): LoadPlan {
  return {
    steps: (tally) => [
      {
        ...request,
        onResponse: (status, body) => {
          const problem = check(status, body);
          if (problem) tally.fail(problem);
          else tally.pass();
        },
      },
    ],
  };
}

const describe = (status: number, body: string) => `${status} ${body.slice(0, 160)}`;
const isJwt = (token: string) => token.split('.').length === 3;

function tokenCheck(format: 'opaque' | 'jwt', tokenType = 'bearer'): Check {
  return (status, body) => {
    const token = json(body);
    if (status !== 200 || typeof token?.access_token !== 'string') return describe(status, body);
    if (String(token.token_type).toLowerCase() !== tokenType) return `token_type ${String(token.token_type)}`;
    if (isJwt(token.access_token) !== (format === 'jwt')) return `expected a ${format} access token`;
    return undefined;
  };
}

function clientCredentials(target: Target, format: 'opaque' | 'jwt'): FlowRequest {
  const client = format === 'jwt' ? target.fixtures.ccJwt : target.fixtures.ccOpaque;
  return {
    method: 'POST',
    path: target.paths.token,
    headers: { 'content-type': FORM, authorization: basicAuth(client.clientId, client.clientSecret) },
    body: form({ grant_type: 'client_credentials', scope: 'api' }),
  };
}

/**
 * One request cycled with a fresh DPoP proof each time (RFC 9449). An answer asking for the server
 * nonce (use_dpop_nonce, when it rotates) is neither a pass nor a failure: the next request carries it.
 */
function dpopRequest(
  request: FlowRequest,
  prover: DpopProver,
  url: string,
  check: Check,
  accessToken?: string,
): LoadPlan {
  return {
    steps: (tally) => [
      {
        ...request,
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, dpop: prover.proof(request.method, url, accessToken) },
        }),
        onResponse: (status, body, _context, headers) => {
          prover.observe(lowerCaseHeaders(headers));
          if (asksForNonce(status, body)) return;
          const problem = check(status, body);
          if (problem) tally.fail(problem);
          else tally.pass();
        },
      },
    ],
  };
}

/** Sends a request with a DPoP proof, again with the server's nonce when it asks for one. */
async function sendWithProof(target: Target, request: FlowRequest, prover: DpopProver, url: string) {
  const attempt = () =>
    send(target.server.url, { ...request, headers: { ...request.headers, dpop: prover.proof(request.method, url) } });
  let res = await attempt();
  prover.observe(res.headers);
  if (asksForNonce(res.status, res.body)) res = await attempt();
  prover.observe(res.headers);
  return res;
}

/** Runs `count` sign-ins, `parallel` at a time (each one is an argon2id verification). */
async function signIns(target: Target, count: number, parallel = 4) {
  const out = [];
  for (let i = 0; i < count; i += parallel)
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(parallel, count - i) }, () => signInOnce(target.server.url, target.signIn)),
      )),
    );
  return out;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'discovery',
    title: 'Discovery document',
    unit: 'req',
    goalRatio: 1,
    plan: async (target) =>
      singleRequest({ method: 'GET', path: target.paths.discovery }, (status, body) => {
        const doc = json(body);
        return status === 200 && doc?.issuer === target.server.url && typeof doc.jwks_uri === 'string'
          ? undefined
          : describe(status, body);
      }),
  },
  {
    name: 'jwks',
    title: 'JWKS',
    unit: 'req',
    goalRatio: 1,
    plan: async (target) =>
      singleRequest({ method: 'GET', path: target.paths.jwks }, (status, body) => {
        const keys = json(body)?.keys;
        return status === 200 && Array.isArray(keys) && keys.length > 0 && typeof keys[0]?.kty === 'string'
          ? undefined
          : describe(status, body);
      }),
  },
  {
    name: 'cc-opaque',
    title: 'client_credentials, opaque',
    unit: 'req',
    goalRatio: 1,
    goalFloorShare: 0.7,
    plan: async (target) => singleRequest(clientCredentials(target, 'opaque'), tokenCheck('opaque')),
  },
  {
    name: 'cc-jwt',
    title: 'client_credentials, JWT RS256',
    unit: 'req',
    goalRatio: 1,
    plan: async (target) => singleRequest(clientCredentials(target, 'jwt'), tokenCheck('jwt')),
  },
  {
    name: 'cc-dpop',
    title: 'client_credentials, opaque, DPoP-bound (RFC 9449)',
    unit: 'req',
    goalRatio: 1,
    cpuGoal: { baseline: 'cc-opaque', maxRatio: 1.3 },
    plan: async (target) => {
      const prover = new DpopProver();
      const request = clientCredentials(target, 'opaque');
      const url = target.server.url + target.paths.token;
      // Learns the server nonce first (when the server asks for nonces), so the run starts with it.
      await sendWithProof(target, request, prover, url);
      return dpopRequest(request, prover, url, tokenCheck('opaque', 'dpop'));
    },
  },
  {
    name: 'introspection',
    title: 'Introspection (opaque token)',
    unit: 'req',
    goalRatio: 1,
    goalFloorShare: 0.7,
    plan: async (target) => {
      const issued = await send(target.server.url, clientCredentials(target, 'opaque'));
      const token = json(issued.body)?.access_token;
      if (typeof token !== 'string') throw new Error(`no token to introspect: ${issued.body}`);
      const { resourceServer, ccOpaque } = target.fixtures;
      return singleRequest(
        {
          method: 'POST',
          path: target.paths.introspect,
          headers: {
            'content-type': FORM,
            authorization: basicAuth(resourceServer.clientId, resourceServer.clientSecret),
          },
          body: form({ token }),
        },
        (status, body) => {
          const answer = json(body);
          return status === 200 && answer?.active === true && answer.client_id === ccOpaque.clientId
            ? undefined
            : describe(status, body);
        },
      );
    },
  },
  {
    name: 'userinfo',
    title: 'Userinfo',
    unit: 'req',
    goalRatio: 1,
    plan: async (target) => {
      const [tokens] = await signIns(target, 1);
      return singleRequest(
        { method: 'GET', path: target.paths.userinfo, headers: { authorization: `Bearer ${tokens.access_token}` } },
        (status, body) => {
          const claims = json(body);
          return status === 200 && typeof claims?.sub === 'string' && claims.email === target.fixtures.account.email
            ? undefined
            : describe(status, body);
        },
      );
    },
  },
  {
    name: 'userinfo-dpop',
    title: 'Userinfo, DPoP-bound token (RFC 9449 §7)',
    unit: 'req',
    goalRatio: 1,
    cpuGoal: { baseline: 'userinfo', maxRatio: 1.3 },
    plan: async (target) => {
      // A sign-in's refresh token, refreshed with a proof: the new access token is bound to its key.
      const [signedIn] = await signIns(target, 1);
      const prover = new DpopProver();
      const { web } = target.fixtures;
      const refreshed = await sendWithProof(
        target,
        {
          method: 'POST',
          path: target.paths.token,
          headers: { 'content-type': FORM, authorization: basicAuth(web.clientId, web.clientSecret) },
          body: form({ grant_type: 'refresh_token', refresh_token: String(signedIn.refresh_token) }),
        },
        prover,
        target.server.url + target.paths.token,
      );
      const tokens = json(refreshed.body);
      if (refreshed.status !== 200 || String(tokens?.token_type).toLowerCase() !== 'dpop')
        throw new Error(`${target.name} issued no DPoP-bound token: ${describe(refreshed.status, refreshed.body)}`);
      const accessToken = String(tokens!.access_token);
      return dpopRequest(
        { method: 'GET', path: target.paths.userinfo, headers: { authorization: `DPoP ${accessToken}` } },
        prover,
        target.server.url + target.paths.userinfo,
        (status, body) => {
          const claims = json(body);
          return status === 200 && typeof claims?.sub === 'string' && claims.email === target.fixtures.account.email
            ? undefined
            : describe(status, body);
        },
        accessToken,
      );
    },
  },
  {
    name: 'refresh',
    title: 'refresh_token (rotating)',
    unit: 'req',
    goalRatio: 1,
    plan: async (target) => {
      // Rotation: every refresh token works once. Each request takes one from the pool, each
      // answer puts its successor back; tokens built for requests never sent are lost, so the
      // pool is topped up (by signing in) before every run.
      const pool: string[] = [];
      const { web } = target.fixtures;
      const headers = { 'content-type': FORM, authorization: basicAuth(web.clientId, web.clientSecret) };
      return {
        beforeRun: async (connections) => {
          const missing = connections * 4 - pool.length;
          if (missing > 0)
            for (const tokens of await signIns(target, missing))
              if (tokens.refresh_token) pool.push(tokens.refresh_token);
              else throw new Error(`${target.name} issued no refresh token`);
        },
        steps: (tally) => [
          {
            method: 'POST',
            path: target.paths.token,
            headers,
            setupRequest: (request) => ({
              ...request,
              body: form({ grant_type: 'refresh_token', refresh_token: pool.shift() ?? 'the-pool-ran-dry' }),
            }),
            onResponse: (status, body) => {
              const tokens = json(body);
              if (
                status !== 200 ||
                typeof tokens?.access_token !== 'string' ||
                typeof tokens.refresh_token !== 'string'
              )
                return tally.fail(describe(status, body));
              pool.push(tokens.refresh_token);
              tally.pass();
            },
          },
        ],
      };
    },
  },
  signInScenario('sign-in', 'Full sign-in (authorize → login → code → token)', {
    goalRatio: 1,
    goalBeyondHashMs: 3,
  }),
  signInScenario('sign-in-totp', 'Sign-in with a TOTP step (… login → one-time code → code → token)', {
    cpuGoal: { baseline: 'sign-in', maxRatio: 1.3 },
  }),
  signInScenario('par-sign-in', 'Sign-in with PAR (push → authorize → login → code → token)', {
    cpuGoal: { baseline: 'sign-in', maxRatio: 1.3 },
  }),
];

/**
 * A whole sign-in, cycled by every connection, each response checked: one unit is one sign-in,
 * whatever number of requests its flow makes.
 */
function signInScenario(
  name: SignInScenario,
  title: string,
  goals: Pick<Scenario, 'goalRatio' | 'goalBeyondHashMs' | 'cpuGoal'>,
): Scenario {
  return {
    name,
    title,
    unit: 'sign-in',
    ...goals,
    appliesTo: (target) => target.signInFlows[name] !== undefined,
    plan: async (target) => {
      const flow = await target.signInFlows[name]!();
      await signInOnce(target.server.url, flow); // fails early, with a clear message, when the flow is broken
      const steps = flow.steps;
      return {
        steps: (tally) =>
          steps.map((step, i) => ({
            // A new browser for every sign-in: autocannon resets the context at the first step.
            setupRequest: (request, context) => {
              if (i === 0) {
                try {
                  context.signIn = flow.begin();
                } catch (error) {
                  // This request goes out unchanged (autocannon needs a first one) and is not counted.
                  context.failed = true;
                  tally.fail((error as Error).message);
                  return request;
                }
              }
              const state = context.signIn as SignInState | undefined;
              if (!state || context.failed) return null; // back to the first step
              const next = withCookies(state, step.request(state));
              return { ...request, method: next.method, path: next.path, headers: next.headers ?? {}, body: next.body };
            },
            onResponse: (status, body, context, headers) => {
              const state = context.signIn as SignInState | undefined;
              if (!state || context.failed) return;
              const res = { status, body, headers: lowerCaseHeaders(headers) };
              try {
                storeCookies(state, res);
                step.check(res, state);
              } catch (error) {
                context.failed = true;
                return tally.fail((error as Error).message);
              }
              tally.pass();
              if (i === steps.length - 1) tally.unit(performance.now() - state.startedAt);
            },
          })),
      };
    },
  };
}
