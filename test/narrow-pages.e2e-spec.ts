import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AuditEventType } from '../src/audit/audit-event-type';
import { AuditService } from '../src/audit/audit.service';
import { ClientsService } from '../src/clients/clients.service';
import { DEVICE_CODE_GRANT_TYPE } from '../src/token/grants/device-code.grant-type';
import { launchBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';

// A phone: nothing may stick out sideways; wide content scrolls inside its own box or wraps.
jest.setTimeout(90_000);
const PHONE = { width: 390, height: 844 };
// For a person to look at after a run; `npm run docs:screenshots` makes the ones in docs/screenshots.
const SCREENSHOTS = join(__dirname, '..', 'test-output', 'screenshots', 'narrow');

const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe('pages on a 390 px wide phone, the favicon, error pages and branding', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startTestApp();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: PHONE })).newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the first admin token inside its card, with a copy button and a link to the console', async () => {
    await page.goto(`${t.url}/setup`);
    await page.getByRole('button', { name: 'Create the admin token' }).click();
    await page.locator('h1', { hasText: 'Your admin token' }).waitFor();
    const token = await page.getByLabel('Admin token').inputValue();
    expect(token.length).toBeGreaterThan(40);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('[data-copy-status="admin-token"]:not(:empty)').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'setup-done.narrow.png'), fullPage: true });

    await page.getByRole('link', { name: 'Open the admin console' }).click();
    await page.waitForURL(/\/admin\/console\/sign-in/);
    await page.getByLabel('Admin token (required)').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/console$/);
  });

  it('lays out the console dashboard and the clients list within the width', async () => {
    const audit = t.app.get(AuditService);
    for (const type of [AuditEventType.LoginFailed, AuditEventType.Lockout, AuditEventType.AuthorizationCodeReplay])
      await audit.record({
        type,
        actor: 'user:0b7c6a2e-5f8e-4c8e-9d57-3f4c1d2e9a10',
        subject: 'urn:example:a-rather-long-subject-identifier-without-spaces-0123456789',
        ip: '2001:db8:85a3::8a2e:370:7334',
        requestId: null,
        details: { client_id: 'a-client-with-a-long-identifier-0123456789', reason: 'wrong password' },
      });
    const clients = t.app.get(ClientsService);
    await clients.create({
      clientId: 'an-unusually-long-client-identifier-for-a-narrow-screen-0123456789',
      clientName: 'A client whose name is long enough to wrap on a phone',
      redirectUris: ['https://app.example.com/oauth/callback'],
      grantTypes: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
    });

    await page.goto(`${t.url}/admin/console`);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-dashboard.narrow.png'), fullPage: true });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // An event type is read whole, not one letter per line: its cell is as wide as the word.
    const typeCell = page.locator('td code', { hasText: 'security.login_failed' }).first();
    const box = (await typeCell.boundingBox())!;
    expect(box.width).toBeGreaterThan(box.height * 3);

    await page.goto(`${t.url}/admin/console/clients`);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-clients.narrow.png'), fullPage: true });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });

  it('serves a favicon', async () => {
    const res = await fetch(`${t.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('explains an unknown client to a person, with the technical detail folded away', async () => {
    const url = `${t.url}/oauth2/authorize?response_type=code&client_id=no-such-client&redirect_uri=https%3A%2F%2Fx.example%2Fcb&scope=openid`;
    const res = await page.goto(url);
    expect(res!.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('This application is not known here');
    const visible = await page.locator('main').innerText();
    expect(visible).toContain('Go back to the application');
    expect(visible).not.toContain('unknown client_id');
    await page.getByText('Technical details').click();
    expect(await page.locator('details').innerText()).toContain('unknown client_id');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SCREENSHOTS, 'error-unknown-client.narrow.png'), fullPage: true });
  });

  it('applies the operator’s brand (name, logo, colour) to every end-user page', async () => {
    const branded = await startTestApp({
      BRAND_NAME: 'Acme Identity',
      BRAND_LOGO_URL: 'https://cdn.example.com/acme.svg',
      BRAND_PRIMARY_COLOR: '#0a7d32',
    });
    try {
      const brandedPage = await browser.newPage({ viewport: PHONE });
      await brandedPage.route('https://cdn.example.com/**', (route) =>
        route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
      );
      await brandedPage.goto(`${branded.url}/setup`);
      expect(await brandedPage.title()).toContain('Acme Identity');
      expect(await brandedPage.locator('header.brand img').getAttribute('src')).toBe(
        'https://cdn.example.com/acme.svg',
      );
      const accent = await brandedPage.evaluate<string>(
        "getComputedStyle(document.querySelector('main button')).backgroundColor",
      );
      expect(accent).toBe('rgb(10, 125, 50)');
      await brandedPage.close();
    } finally {
      await branded.close();
    }
  });
});
