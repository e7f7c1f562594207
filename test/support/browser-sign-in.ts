import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The password every browser test user gets. */
export const PASSWORD = 'correct horse battery staple';
const INTERACTION_PAGE = /\/interaction\/[^/]+\/([a-z][a-z0-9-]*)$/;

/** `login`, `consent`, or a registered step's name (second-factor, ...). */
export type InteractionStep = string;

export interface SignInRun {
  /** The interaction pages the browser went through, in order. */
  pages: InteractionStep[];
  /** The RP's callback request, as the browser sent it. */
  callback: Request;
  checks: { pkceCodeVerifier?: string; expectedState: string; expectedNonce: string };
}

export interface SignInOptions {
  /** Added to (or replacing) the authorization request's parameters. */
  params?: Record<string, string>;
  consent?: 'allow' | 'deny';
  /** Runs on the consent page before it is answered (to read what it shows). */
  onConsentPage?: (page: Page) => Promise<void>;
  /** Answers a registered step's page (second factor, ...); without it such a page fails the run. */
  onStep?: (step: string, page: Page) => Promise<void>;
  login?: string;
  /** false: an authorization request without PKCE (code_challenge). */
  pkce?: boolean;
  /**
   * Makes the authorization URL from the request's parameters: openid-client's
   * buildAuthorizationUrl by default; e.g. buildAuthorizationUrlWithPAR to push them first.
   */
  buildUrl?: (params: Record<string, string>) => Promise<URL>;
}

/** openid-client configured from the server's discovery document, for a client with or without a secret. */
export function discoverClient(issuer: string, clientId: string, clientSecret?: string): Promise<oidc.Configuration> {
  const auth = clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(clientSecret);
  return oidc.discovery(new URL(issuer), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

/**
 * Drives one authorization request through the browser: signs in on the login page and
 * answers the consent page whenever they appear, until the browser reaches the RP.
 */
export async function signInWithBrowser(
  page: Page,
  config: oidc.Configuration,
  redirectUri: string,
  options: SignInOptions = {},
): Promise<SignInRun> {
  const pkceCodeVerifier = options.pkce === false ? undefined : oidc.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
  const pkce: Record<string, string> = pkceCodeVerifier
    ? { code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier), code_challenge_method: 'S256' }
    : {};
  const params = {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    ...pkce,
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    ...options.params,
  };
  const url = options.buildUrl ? await options.buildUrl(params) : oidc.buildAuthorizationUrl(config, params);
  const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
  const pages: InteractionStep[] = [];
  const reached = () => page.waitForURL((u) => u.href.startsWith(redirectUri) || INTERACTION_PAGE.test(u.pathname));
  await page.goto(url.href);
  await reached();
  for (let step = INTERACTION_PAGE.exec(new URL(page.url()).pathname)?.[1]; step;) {
    pages.push(step as InteractionStep);
    const here = page.url();
    const leave = page.waitForURL((u) => u.href !== here);
    if (step === 'login') {
      await page.getByLabel('Username or email').fill(options.login ?? 'alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else if (step !== 'consent') {
      if (!options.onStep) throw new Error(`signInWithBrowser reached the ${step} step and was given no onStep`);
      await options.onStep(step, page);
    } else {
      await options.onConsentPage?.(page);
      await page.getByRole('button', { name: options.consent === 'deny' ? 'Deny' : 'Allow' }).click();
    }
    await leave;
    await reached();
    step = INTERACTION_PAGE.exec(new URL(page.url()).pathname)?.[1];
  }
  const request = await callback;
  const headers = await request.allHeaders();
  return {
    pages,
    checks,
    callback: new Request(request.url(), {
      method: request.method(),
      headers: { 'content-type': headers['content-type'] ?? 'text/plain' },
      body: request.method() === 'POST' ? request.postData() : undefined,
    }),
  };
}

/** The code of a sign-in exchanged for tokens, with every check openid-client makes. */
export function redeem(config: oidc.Configuration, run: SignInRun) {
  return oidc.authorizationCodeGrant(config, run.callback, run.checks);
}

/** Runs `test` in a fresh browser context (its own cookies), closed afterwards. */
export async function withBrowserContext(
  browser: Browser,
  test: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext();
  try {
    await test(await context.newPage(), context);
  } finally {
    await context.close();
  }
}
