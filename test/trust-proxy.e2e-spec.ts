import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { startTestApp, TestApp } from './support/test-app';

/** A test-only route that shows how Express read the request. */
const echo = (app: NestExpressApplication) =>
  app.use('/__echo', (req: Request, res: Response) =>
    res.json({ ip: req.ip, protocol: req.protocol, secure: req.secure }),
  );

const FORWARDED = {
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
};

const localUrl = (t: TestApp) => `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

describe('behind a proxy', () => {
  describe('with TRUST_PROXY=true and an https ISSUER (an ingress terminating TLS)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(
        { CLEANUP_INTERVAL: '0', TRUST_PROXY: 'true', ISSUER: 'https://id.example.test' },
        undefined,
        echo,
      );
    });
    afterAll(() => t.close());

    it('takes the client address and scheme from X-Forwarded-For and X-Forwarded-Proto', async () => {
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
