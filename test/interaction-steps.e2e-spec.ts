import type { Request, Response } from 'express';
import { ClientsService } from '../src/clients/clients.service';
import type { InteractionStep, StepPage, StepState } from '../src/interaction/engine/interaction-step';
import { InteractionSteps } from '../src/interaction/engine/interaction-steps';
import { UsersService } from '../src/users/users.service';
import { PASSWORD } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { DeviceUser } from './support/device-user';
import { postForm } from './support/introspection-requests';
import { startTestApp, type TestApp } from './support/test-app';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const REDIRECT_URI = 'https://rp.example.test/callback';
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

/** A step as a module would add one: terms of service, due once per user until accepted. */
class TermsStep implements InteractionStep {
  readonly name = 'terms';
  readonly mustAccept = new Set<string>();
  readonly seenIn: string[] = [];

  isDue({ session }: StepState): Promise<boolean> {
    return Promise.resolve(this.mustAccept.has(session.userId));
  }

  show(res: Response, page: StepPage): Promise<void> {
    this.seenIn.push(page.kind);
    res.type('html').send(`<form method="post" action="${page.action}">
      <input type="hidden" name="csrf" value="${page.csrf}"><button name="accept" value="yes">Accept</button></form>`);
    return Promise.resolve();
  }

  submit(req: Request, res: Response, { session }: StepPage): Promise<boolean> {
    if ((req.body as Record<string, unknown>).accept !== 'yes') {
      res.status(400).type('html').send('<p>Accept the terms to go on.</p>');
      return Promise.resolve(false);
    }
    this.mustAccept.delete(session.userId);
    return Promise.resolve(true);
  }
}

describe('a registered interaction step', () => {
  let t: TestApp;
  const terms = new TermsStep();
  let clientId: string;
  let deviceClientId: string;
  let aliceId: string;
  let bobId: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(InteractionSteps).register(terms);
    const users = t.app.get(UsersService);
    aliceId = (await users.create({ username: 'alice', password: PASSWORD })).id;
    bobId = (await users.create({ username: 'bob', password: PASSWORD })).id;
    const clients = t.app.get(ClientsService);
    clientId = (
      await clients.create({
        clientName: 'Shop',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'none',
        allowedScopes: ['openid', 'profile'],
        defaultScopes: ['openid'],
        consentPolicy: 'always',
      })
    ).client.clientId;
    deviceClientId = (
      await clients.create({
        clientName: 'TV app',
        redirectUris: [],
        grantTypes: [DEVICE_CODE],
        tokenEndpointAuthMethod: 'none',
        allowedScopes: ['openid', 'profile'],
        defaultScopes: ['openid'],
        consentPolicy: 'skip',
      })
    ).client.clientId;
  });
  afterAll(() => t?.close());

  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${t.url}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      state: 'xyz',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuKO5wL1MYg',
      code_challenge_method: 'S256',
      ...extra,
    }).toString()}`;

  it('runs between sign-in and consent at the authorization endpoint, cannot be skipped, and then the RP gets its code', async () => {
    terms.mustAccept.add(aliceId);
    const jar = new CookieJar();
    const loginUrl = (await jar.fetch(authorizeUrl())).headers.get('location')!;
    expect(loginUrl).toMatch(/\/interaction\/[\w-]+\/login$/);
    const loginCsrf = csrfOf(await (await jar.fetch(loginUrl)).text())!;
    const signedIn = await jar.post(loginUrl, { csrf: loginCsrf, login: 'alice', password: PASSWORD });
    expect(signedIn.status).toBe(303);
    const termsUrl = signedIn.headers.get('location')!;
    expect(termsUrl).toBe(loginUrl.replace(/login$/, 'terms'));

    // The consent page sends the browser back to the step still due.
    const consentUrl = loginUrl.replace(/login$/, 'consent');
    const early = await jar.fetch(consentUrl);
    expect([early.status, early.headers.get('location')]).toEqual([303, termsUrl]);

    const page = await jar.fetch(termsUrl);
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text())!;
    expect((await jar.post(termsUrl, { accept: 'yes' })).status).toBe(403);
    expect((await jar.post(termsUrl, { csrf, accept: 'no' })).status).toBe(400);
    const accepted = await jar.post(termsUrl, { csrf, accept: 'yes' });
    expect([accepted.status, accepted.headers.get('location')]).toEqual([303, consentUrl]);

    const consentCsrf = csrfOf(await (await jar.fetch(consentUrl)).text())!;
    const answered = await jar.post(consentUrl, { csrf: consentCsrf, decision: 'allow' });
    const back = new URL(answered.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(terms.seenIn).toContain('authorization');
  });

  it('makes a signed-in browser go through it too, and answers prompt=none with interaction_required meanwhile', async () => {
    const jar = new CookieJar();
    const loginUrl = (await jar.fetch(authorizeUrl())).headers.get('location')!;
    const loginCsrf = csrfOf(await (await jar.fetch(loginUrl)).text())!;
    await jar.post(loginUrl, { csrf: loginCsrf, login: 'alice', password: PASSWORD });
    terms.mustAccept.add(aliceId);

    const silent = new URL((await jar.fetch(authorizeUrl({ prompt: 'none' }))).headers.get('location')!);
    expect(silent.searchParams.get('error')).toBe('interaction_required');
    const started = await jar.fetch(authorizeUrl());
    expect([started.status, started.headers.get('location')]).toEqual([303, expect.stringMatching(/\/terms$/)]);
    terms.mustAccept.delete(aliceId);
  });

  it('runs between sign-in and consent in device verification, with its own CSRF token, once', async () => {
    terms.mustAccept.add(bobId);
    const started = await postForm(t, '/oauth2/device_authorization', { client_id: deviceClientId });
    const { user_code } = started.body as { user_code: string };
    const bob = new DeviceUser(t, PASSWORD);
    expect((await bob.enterCode(user_code)).location).toBe(`${t.url}/oauth2/device/login`);
    expect((await bob.signIn('bob')).location).toBe(`${t.url}/oauth2/device/terms`);
    expect((await bob.consentPage()).location).toBe(`${t.url}/oauth2/device/terms`);

    const page = await bob.jar.fetch(`${t.url}/oauth2/device/terms`);
    const csrf = csrfOf(await page.text())!;
    expect((await bob.jar.post(`${t.url}/oauth2/device/terms`, { accept: 'yes' })).status).toBe(403);
    const accepted = await bob.jar.post(`${t.url}/oauth2/device/terms`, { csrf, accept: 'yes' });
    expect([accepted.status, accepted.headers.get('location')]).toEqual([303, `${t.url}/oauth2/device/consent`]);
    const result = await bob.answer('allow');
    expect(result.status).toBe(200);
    expect(result.html).toContain('Device connected');
    expect(terms.seenIn).toContain('device');
    const [row] = await t.dataSource.query(`SELECT completed_steps FROM interactions WHERE kind = 'device'`);
    // Recorded with the session that went through it (completedStepKey): done for that session only.
    const [session] = await t.dataSource.query(`SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1`);
    expect(row.completed_steps).toEqual([`terms@${session.id}`]);
  });

  it('runs between the password and the console session when an admin signs in to the console', async () => {
    const carol = await t.app.get(UsersService).create({ username: 'carol', password: PASSWORD, roles: ['admin'] });
    terms.mustAccept.add(carol.id);
    const jar = new CookieJar();
    const signInUrl = `${t.url}/admin/console/sign-in/account`;
    const form = await (await jar.fetch(signInUrl)).text();
    const _csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const signedIn = await jar.post(signInUrl, { _csrf, login: 'carol', password: PASSWORD });
    expect([signedIn.status, signedIn.headers.get('location')]).toEqual([303, '/admin/console/sign-in/account/terms']);
    // Not in the console yet.
    expect((await jar.fetch(`${t.url}/admin/console`)).status).toBe(303);

    const csrf = csrfOf(await (await jar.fetch(`${signInUrl}/terms`)).text())!;
    expect((await jar.post(`${signInUrl}/terms`, { accept: 'yes' })).status).toBe(403);
    const accepted = await jar.post(`${signInUrl}/terms`, { csrf, accept: 'yes' });
    expect([accepted.status, accepted.headers.get('location')]).toEqual([303, '/admin/console']);
    expect((await jar.fetch(`${t.url}/admin/console`)).status).toBe(200);
    expect(terms.seenIn).toContain('console');

    // A new sign-in is a new interaction: the step runs again when it is due again.
    terms.mustAccept.add(carol.id);
    const again = await jar.post(signInUrl, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(await (await jar.fetch(`${signInUrl}?switch=1`)).text())![1],
      login: 'carol',
      password: PASSWORD,
    });
    expect(again.headers.get('location')).toBe('/admin/console/sign-in/account/terms');
    terms.mustAccept.delete(carol.id);
  });

  it('answers a path that names no step as a route that does not exist', async () => {
    for (const path of ['/interaction/unknown/nope', '/oauth2/device/nope', '/admin/console/sign-in/account/nope']) {
      expect((await fetch(`${t.url}${path}`)).status).toBe(404);
      // A console form post is checked for its CSRF token before anything else.
      const posted = await fetch(`${t.url}${path}`, { method: 'POST' });
      expect(posted.status).toBe(path.startsWith('/admin/') ? 403 : 404);
    }
  });
});
