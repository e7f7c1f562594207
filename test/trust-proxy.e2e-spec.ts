import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { InvalidEnvironmentError } from '../src/config/environment';
import { loadConfig } from '../src/config/load-config';
import { startTestApp, TestApp } from './support/test-app';

/** A test-only route that shows how Express read the request. */
const echo = (app: NestExpressApplication) =>
  app.use('/__echo', (req: ExpressRequest, res: ExpressResponse) =>
    res.json({ ip: req.ip, protocol: req.protocol, secure: req.secure }),
  );

/** What one ingress sends: the client's own X-Forwarded-For (anything it likes), then the address the ingress saw. */
const FORWARDED = {
  'x-forwarded-for': '198.51.100.66, 203.0.113.9',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
};

const localUrl = (t: TestApp) => `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
const seenBy = async (t: TestApp, headers: Record<string, string>) =>
  (await (await fetch(`${localUrl(t)}/__echo`, { headers })).json()) as { ip: string };

const LIMITS = {
  CLEANUP_INTERVAL: '0',
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_TOKEN: '3/60',
  RATE_LIMIT_LOGIN: '3/60',
};

/** The two ways a request reaches the rate limit: the protocol fast path (token) and Express's router (login). */
const throughFastPath = (t: TestApp, forwardedFor: string) =>
  fetch(`${t.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: 'grant_type=client_credentials&client_id=nobody&client_secret=wrong',
  });
const throughRouter = (t: TestApp, forwardedFor: string) =>
  fetch(`${t.url}/interaction/no-such-interaction/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: 'login=alice&password=wrong',
  });

async function statusesRotatingLeftMost(send: (forwardedFor: string) => Promise<Response>, client: string) {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await send(`198.51.100.${i + 1}, ${client}`);
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

describe('behind a proxy', () => {
  describe('with TRUST_PROXY=1 and an https ISSUER (one ingress terminating TLS)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...LIMITS, TRUST_PROXY: '1', ISSUER: 'https://id.example.test' }, undefined, echo);
    });
    afterAll(() => t.close());

    it('takes the client address the ingress appended (the right-most X-Forwarded-For entry) and the scheme', async () => {
      const seen = await (await fetch(`${localUrl(t)}/__echo`, { headers: FORWARDED })).json();
      expect(seen).toEqual({ ip: '203.0.113.9', protocol: 'https', secure: true });
    });

    it('keeps the configured issuer whatever the forwarded host', async () => {
      const res = await fetch(`${localUrl(t)}/.well-known/openid-configuration`, { headers: FORWARDED });
      const metadata = (await res.json()) as { issuer: string; token_endpoint: string };
      expect(metadata.issuer).toBe('https://id.example.test');
      expect(metadata.token_endpoint).toBe('https://id.example.test/oauth2/token');
    });

    it('sets Secure cookies although the hop from the ingress is plain http', async () => {
      const res = await fetch(`${localUrl(t)}/setup`, { headers: FORWARDED });
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    });
  });

  describe('a client rotating the left-most X-Forwarded-For entry (TRUST_PROXY=1)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...LIMITS, TRUST_PROXY: '1' });
    });
    afterAll(() => t.close());

    it('gets no fresh budget on the protocol fast path (token endpoint)', async () => {
      expect(await statusesRotatingLeftMost((f) => throughFastPath(t, f), '203.0.113.20')).toEqual([
        401, 401, 401, 429, 429,
      ]);
      // Another client behind the same ingress still has its own budget.
      expect((await throughFastPath(t, '198.51.100.1, 203.0.113.21')).status).toBe(401);
    });

    it("gets no fresh budget through Express's router (login form)", async () => {
      const statuses = await statusesRotatingLeftMost((f) => throughRouter(t, f), '203.0.113.30');
      expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429]);
    });
  });

  describe('with TRUST_PROXY=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CLEANUP_INTERVAL: '0', TRUST_PROXY: 'true' }, undefined, echo);
    });
    afterAll(() => t.close());

    it('trusts one hop, not every hop, and says so at start', async () => {
      expect(t.config.trustProxy).toBe(1);
      expect((await seenBy(t, FORWARDED)).ip).toBe('203.0.113.9');
      const warnings: string[] = [];
      loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'true', DATA_DIR: t.config.dataDir }, (m) => warnings.push(m));
      expect(warnings).toContainEqual(expect.stringMatching(/TRUST_PROXY=true is read as TRUST_PROXY=1/));
    });
  });

  describe('with TRUST_PROXY as a list of proxy addresses', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The peer (127.0.0.1) and an inner proxy in 10.0.0.0/8 are trusted; the first address outside is the client.
      t = await startTestApp({ CLEANUP_INTERVAL: '0', TRUST_PROXY: '127.0.0.1/8, 10.0.0.0/8' }, undefined, echo);
    });
    afterAll(() => t.close());

    it('takes the right-most address that is not one of the proxies', async () => {
      expect((await seenBy(t, { 'x-forwarded-for': '198.51.100.66, 203.0.113.9, 10.1.2.3' })).ip).toBe('203.0.113.9');
    });
  });

  it('refuses to start with a TRUST_PROXY it cannot read, naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'everyone' }, () => undefined)).toThrow(
      InvalidEnvironmentError,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'everyone' }, () => undefined)).toThrow(
      /TRUST_PROXY="everyone": must be false, a number of proxy hops/,
    );
  });

  describe('with TRUST_PROXY=false (reached directly)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CLEANUP_INTERVAL: '0' }, undefined, echo);
    });
    afterAll(() => t.close());

    it('ignores forwarded headers anyone could send', async () => {
      const seen = (await (await fetch(`${t.url}/__echo`, { headers: FORWARDED })).json()) as Record<string, unknown>;
      expect(seen.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(seen).toMatchObject({ protocol: 'http', secure: false });
    });
  });
});
