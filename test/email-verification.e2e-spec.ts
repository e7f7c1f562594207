import type { Browser } from 'playwright-core';
import { EmailVerificationService } from '../src/account/email-verification/email-verification.service';
import { CLI_ACTOR } from '../src/audit/audit-event-input';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { eventually } from './support/eventually';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

describe('email verification', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [t, browser] = await Promise.all([
      startTestApp({ SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`, MAIL_FROM: 'id@example.com' }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  const users = () => t.app.get(UsersService);
  const verified = async (id: string) => (await users().findById(id))!.emailVerified;

  /** Sends a link to the user's address and answers the link from the mail the SMTP server received. */
  async function mailedLink(id: string): Promise<string> {
    const count = smtp.received.length;
    await t.app.get(EmailVerificationService).send((await users().findById(id))!, CLI_ACTOR);
    const mail = await eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      expect(smtp.received.length).toBe(count + 1);
      return smtp.received[count].mail;
    });
    expect(mail.subject).toContain('Confirm your email address');
    return /(http:\/\/\S+\/account\/email\/verify\?token=\S+)/.exec(mail.text!)![1];
  }

  it('confirms the address with a button, not by opening the link, once', async () => {
    const dora = await users().create({ username: 'dora', email: 'dora@example.com', password: PASSWORD });
    const link = await mailedLink(dora.id);
    await withBrowserContext(browser, async (page) => {
      await page.goto(link);
      expect(await page.locator('#pending-email').textContent()).toBe('dora@example.com');
      // A mail scanner opening the link verifies nothing.
      expect(await verified(dora.id)).toBe(false);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#email-verified').textContent()).toContain('dora@example.com');
      expect(await verified(dora.id)).toBe(true);

      await page.goto(link);
      expect(await page.locator('#verification-expired').isVisible()).toBe(true);
    });
  });

  it('proves nothing about an address changed since the link was sent, and only the newest link works', async () => {
    const ed = await users().create({ username: 'ed', email: 'ed@example.com', password: PASSWORD });
    const first = await mailedLink(ed.id);
    const second = await mailedLink(ed.id);
    await withBrowserContext(browser, async (page) => {
      await page.goto(first);
      expect(await page.locator('#verification-expired').isVisible()).toBe(true);

      await page.goto(second);
      await users().update(ed.id, { email: 'ed.new@example.com' });
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#verification-expired').isVisible()).toBe(true);
    });
    expect(await verified(ed.id)).toBe(false);
  });

  it('refuses a post without the CSRF token, and made-up tokens, changing nothing', async () => {
    const fay = await users().create({ username: 'fay', email: 'fay@example.com', password: PASSWORD });
    const link = await mailedLink(fay.id);
    const token = new URL(link).searchParams.get('token')!;
    const forged = await fetch(`${t.url}/account/email/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    expect(forged.status).toBe(403);
    expect((await fetch(`${t.url}/account/email/verify?token=${'B'.repeat(43)}`)).status).toBe(400);
    expect((await fetch(`${t.url}/account/email/verify?token[]=x`)).status).toBe(400);
    expect(await verified(fay.id)).toBe(false);
  });
});
