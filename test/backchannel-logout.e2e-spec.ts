import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { PasswordResetService } from '../src/account/password-reset/password-reset.service';
import { CLI_ACTOR } from '../src/audit/audit-event-input';
import { ClientsService } from '../src/clients/clients.service';
import { SessionEndings } from '../src/interaction/session/session-endings';
import { SessionService } from '../src/interaction/session/session.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { eventually } from './support/eventually';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'backchannel-test-admin-token-0123456789abcdef';
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

type Answer = number | 'hang';

/** An RP's backchannel_logout_uri, run by the test: records each POST and answers `answer`. */
interface Receiver {
  server: Server;
  port: number;
  url: string;
  received: { contentType?: string; logoutToken: string | null }[];
  answer: Answer;
  close(): Promise<void>;
}

async function startReceiver(answer: Answer = 200, port = 0): Promise<Receiver> {
  const receiver = { received: [], answer } as unknown as Receiver;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      receiver.received.push({ contentType: req.headers['content-type'], logoutToken: body.get('logout_token') });
      if (receiver.answer === 'hang') return; // never answers
      res.writeHead(receiver.answer, { 'cache-control': 'no-store' }).end();
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  receiver.server = server;
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/backchannel-logout`;
  receiver.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return receiver;
}

describe('OpenID Connect Back-Channel Logout 1.0', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let receiver: Receiver;
  /** Registers a backchannel_logout_uri that requires sid; `quiet` registers none. */
  let listening: oidc.Configuration;
  let quiet: oidc.Configuration;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  const seenJtis = new Set<string>();
  const users: Record<string, string> = {};

  async function admin(method: string, path: string, body?: unknown) {
    const res = await fetch(`${t.url}/admin${path}`, {
      method,
      headers: { 'x-admin-token': ADMIN_TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  }

  const makeClient = async (clientName: string, backchannelLogoutUri?: string) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [rp.url('/logged-out')],
      allowedScopes: ['openid', 'profile'],
      consentPolicy: 'skip',
      backchannelLogoutUri: backchannelLogoutUri ?? null,
      backchannelLogoutSessionRequired: backchannelLogoutUri !== undefined,
    });
    return discoverClient(t.url, client.clientId, clientSecret);
  };

  /** Signs `login` in to `config` in this browser; the ID token and its claims. */
  const signIn = async (page: Page, config: oidc.Configuration, login: string) => {
    const tokens = await redeem(
      config,
      await signInWithBrowser(page, config, redirectUri, { login, params: { scope: 'openid profile' } }),
    );
    return { idToken: tokens.id_token!, claims: tokens.claims()! };
  };

  const drain = () => t.app.get(OutboxWorker).drainOnce();

  /**
   * What an RP must check of a logout token (§2.6): signature by the OP's published keys, typ,
   * iss, aud, iat, a jti never seen before, the logout event, sid and/or sub, and no nonce.
   */
  async function validLogoutToken(token: string, config: oidc.Configuration): Promise<JWTPayload> {
    expect(decodeProtectedHeader(token).typ).toBe('logout+jwt');
    const { payload } = await jwtVerify(token, jwks, {
      issuer: t.url,
      audience: config.clientMetadata().client_id,
      typ: 'logout+jwt',
      maxTokenAge: '2 minutes',
      requiredClaims: ['iat', 'jti', 'events'],
    });
    expect(payload.events).toEqual({ [LOGOUT_EVENT]: {} });
    expect(payload).not.toHaveProperty('nonce');
    expect(payload.sid ?? payload.sub).toBeDefined();
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(seenJtis.has(payload.jti!)).toBe(false);
    seenJtis.add(payload.jti!);
    return payload;
  }

  /** Delivers the outbox until the receiver has `count` requests; the logout token of the last one. */
  async function tokenNumber(count: number, to: Receiver = receiver): Promise<string> {
    return eventually(async () => {
      await drain();
      expect(to.received.length).toBeGreaterThanOrEqual(count);
      const request = to.received[count - 1];
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      return request.logoutToken!;
    });
  }

  beforeAll(async () => {
    [t, browser, rp, receiver] = await Promise.all([
      startTestApp({
        ADMIN_TOKEN,
        // The receivers listen on 127.0.0.1, which the guarded client refuses unless allowed.
        OUTBOUND_ALLOW: '127.0.0.1',
        OUTBOX_RETRY_BASE: '0.2',
        OUTBOX_MAX_ATTEMPTS: '2',
      }),
      launchBrowser(),
      startRelyingParty(),
      startReceiver(),
    ]);
    redirectUri = rp.url('/callback');
    jwks = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
    listening = await makeClient('Listening RP', receiver.url);
    quiet = await makeClient('Quiet RP');
    for (const login of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'])
      users[login] = (
        await t.app.get(UsersService).create({ username: login, email: `${login}@example.com`, password: PASSWORD })
      ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await rp?.close();
    await t?.close();
  });

  it('is advertised in discovery, with sid', () => {
    expect(listening.serverMetadata()).toMatchObject({
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
  });

  it('sends the session’s clients a logout token on RP-initiated logout, and none to a client without a URI', async () => {
    await withBrowserContext(browser, async (page) => {
      const { idToken, claims } = await signIn(page, listening, 'alice');
      // The same browser session signs in to a second client, which asked for no logout token.
      const other = await signIn(page, quiet, 'alice');
      expect(other.claims.sid).toBe(claims.sid);
      await page.goto(
        oidc.buildEndSessionUrl(listening, { id_token_hint: idToken, post_logout_redirect_uri: rp.url('/logged-out') })
          .href,
      );
      await page.waitForURL(rp.url('/logged-out'));
      const payload = await validLogoutToken(await tokenNumber(1), listening);
      expect(payload.sid).toBe(claims.sid);
      expect(payload.sub).toBe(claims.sub);
    });
    await drain();
    expect(receiver.received).toHaveLength(1);
  });

  it('sends one when an administrator signs the user out everywhere', async () => {
    await withBrowserContext(browser, async (page) => {
      const { claims } = await signIn(page, listening, 'alice');
      expect((await admin('DELETE', `/users/${users.alice}/sessions`)).status).toBeLessThan(300);
      const payload = await validLogoutToken(await tokenNumber(2), listening);
      expect(payload).toMatchObject({ sid: claims.sid, sub: users.alice });
    });
  });

  it('sends one when an administrator disables the user', async () => {
    await withBrowserContext(browser, async (page) => {
      const { claims } = await signIn(page, listening, 'bob');
      expect((await admin('POST', `/users/${users.bob}/disable`)).status).toBeLessThan(300);
      const payload = await validLogoutToken(await tokenNumber(3), listening);
      expect(payload).toMatchObject({ sid: claims.sid, sub: users.bob });
    });
  });

  it('sends one when the user resets the password', async () => {
    await withBrowserContext(browser, async (page) => {
      const { claims } = await signIn(page, listening, 'carol');
      const resets = t.app.get(PasswordResetService);
      await resets.sendLinkTo((await t.app.get(UsersService).findById(users.carol))!, CLI_ACTOR);
      const [mail] = (await t.dataSource.query(
        `SELECT payload FROM outbox WHERE kind = 'mail' AND payload->>'to' = 'carol@example.com' ORDER BY created_at DESC LIMIT 1`,
      )) as { payload: { text: string } }[];
      const token = new URL(
        /(http:\/\/\S+\/account\/password\/reset\?\S+)/.exec(mail.payload.text)![1],
      ).searchParams.get('token');
      const newPassword = 'violet kettle under the bridge';
      expect(await resets.reset(token, newPassword, newPassword, CLI_ACTOR)).toEqual({ done: true });
      const payload = await validLogoutToken(await tokenNumber(4), listening);
      expect(payload).toMatchObject({ sid: claims.sid, sub: users.carol });
    });
  });

  it('sends one when the user signs another browser out on the account page', async () => {
    await withBrowserContext(browser, async (there) => {
      const { claims } = await signIn(there, listening, 'erin');
      await withBrowserContext(browser, async (here) => {
        await signIn(here, quiet, 'erin');
        await here.goto(`${t.url}/account`);
        await here
          .locator(`[data-session="${claims.sid as string}"]`)
          .getByRole('button', { name: 'Sign out there' })
          .click();
        await here.waitForLoadState();
      });
      const payload = await validLogoutToken(await tokenNumber(5), listening);
      expect(payload).toMatchObject({ sid: claims.sid, sub: users.erin });
    });
  });

  it('delivers later to a receiver that was down when the session ended', async () => {
    const down = await startReceiver();
    const { port } = down;
    await down.close();
    const flaky = await makeClient('Flaky RP', `http://127.0.0.1:${port}/backchannel-logout`);
    await withBrowserContext(browser, async (page) => {
      const { claims } = await signIn(page, flaky, 'dave');
      expect((await admin('DELETE', `/users/${users.dave}/sessions`)).status).toBeLessThan(300);
      expect(await drain()).toBe(1);
      const waiting = await admin('GET', '/outbox?kind=backchannel-logout&state=pending');
      expect(waiting.body.items).toHaveLength(1);
      expect(waiting.body.items[0]).toMatchObject({
        attempts: 1,
        summary: `logout token to client ${flaky.clientMetadata().client_id}`,
      });
      expect(waiting.body.items[0].last_error).toMatch(/ECONNREFUSED|connect/);

      const back = await startReceiver(200, port);
      try {
        const payload = await validLogoutToken(await tokenNumber(1, back), flaky);
        expect(payload.sid).toBe(claims.sid);
        const delivered = await admin('GET', '/outbox?kind=backchannel-logout&state=delivered');
        expect(delivered.body.items.find((d: { id: string }) => d.id === waiting.body.items[0].id)).toMatchObject({
          attempts: 2,
          delivered_to: `127.0.0.1:${port}`,
        });
      } finally {
        await back.close();
      }
    });
  });

  it('gives up on a receiver that never answers after the bounded attempts, and at once on a 400', async () => {
    const hanging = await startReceiver('hang');
    const refusing = await startReceiver(400);
    const silent = await makeClient('Hanging RP', hanging.url);
    const strict = await makeClient('Refusing RP', refusing.url);
    try {
      await withBrowserContext(browser, async (page) => {
        await signIn(page, silent, 'dave');
        await signIn(page, strict, 'dave');
        expect((await admin('DELETE', `/users/${users.dave}/sessions`)).status).toBeLessThan(300);
        await eventually(
          async () => {
            await drain();
            const failed = await admin('GET', '/outbox?kind=backchannel-logout&state=failed');
            expect(failed.body.items).toHaveLength(2);
          },
          30_000,
          200,
        );
      });
      const failed = (await admin('GET', '/outbox?kind=backchannel-logout&state=failed')).body.items as {
        attempts: number;
        last_error: string;
        summary: string;
      }[];
      const of = (config: oidc.Configuration) =>
        failed.find((d) => d.summary === `logout token to client ${config.clientMetadata().client_id}`)!;
      // OUTBOX_MAX_ATTEMPTS is 2: tried twice, each time cut off, then recorded failed.
      expect(of(silent)).toMatchObject({ attempts: 2, last_error: expect.stringMatching(/abort|timeout/i) });
      expect(hanging.received).toHaveLength(2);
      // §2.8: a 400 says the RP refused the token; another one would be refused too.
      expect(of(strict)).toMatchObject({ attempts: 1, last_error: expect.stringContaining('400') });
      expect(refusing.received).toHaveLength(1);
      await validLogoutToken(refusing.received[0].logoutToken!, strict);
    } finally {
      await hanging.close();
      await refusing.close();
    }
  });

  it('shows the deliveries and their state in the admin console', async () => {
    await withBrowserContext(browser, async (page) => {
      await page.goto(`${t.url}/admin`);
      await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${t.url}/admin/console`);
      await page.getByRole('link', { name: 'Logout deliveries' }).click();
      await page.waitForURL(`${t.url}/admin/console/logout-deliveries`);
      const rows = page.locator('tr[data-delivery]');
      // Alice twice, Bob, Carol, Erin, Dave's flaky receiver, then the hanging and the refusing ones.
      await expect(rows.count()).resolves.toBe(8);
      await page.goto(`${t.url}/admin/console/logout-deliveries?state=failed`);
      expect(await page.locator('tr[data-delivery] td.state').allTextContents()).toEqual(['failed', 'failed']);
      expect((await page.locator('tr[data-delivery] td.last-error').allTextContents()).join(' ')).toContain(
        'the RP answered 400',
      );
    });
  });

  it('queues logout tokens in the transaction that ends the session: when queueing fails, nothing is ended', async () => {
    let failing = true;
    // Heard after the dispatcher, which has queued its logout token by then.
    t.app
      .get(SessionEndings)
      .subscribe(() => (failing ? Promise.reject(new Error('queueing failed')) : Promise.resolve()));
    const sessions = t.app.get(SessionService);
    const endedAt = async (sid: string) =>
      (
        (await t.dataSource.query(`SELECT ended_at FROM sessions WHERE id = $1`, [sid])) as { ended_at: Date | null }[]
      )[0].ended_at;
    const queuedFor = async (sid: string) =>
      (
        (await t.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE kind = 'backchannel-logout' AND payload->>'sid' = $1`,
          [sid],
        )) as { n: number }[]
      )[0].n;
    try {
      await withBrowserContext(browser, async (page) => {
        const sid = (await signIn(page, listening, 'frank')).claims.sid as string;
        await expect(sessions.endOfUser(users.frank)).rejects.toThrow('queueing failed');
        // Neither half of it happened: the session is open and no logout token is queued for it.
        expect(await endedAt(sid)).toBeNull();
        expect(await queuedFor(sid)).toBe(0);
        failing = false;
        await expect(sessions.endOfUser(users.frank)).resolves.toBe(1);
        expect(await endedAt(sid)).toBeInstanceOf(Date);
        expect(await queuedFor(sid)).toBe(1);
      });
    } finally {
      failing = false;
    }
  });
});
