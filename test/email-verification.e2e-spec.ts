import type { Browser } from 'playwright-core';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { eventually } from './support/eventually';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'verification-admin-token-0123456789abcdef0123';
const admin = { 'x-admin-token': ADMIN_TOKEN };

describe('email verification', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [t, browser] = await Promise.all([
      startTestApp({
        SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'id@example.com',
        ADMIN_TOKEN,
      }),
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

  const askAdmin = (id: string, what: 'email-verification' | 'password-reset') =>
    fetch(`${t.url}/admin/users/${id}/${what}`, { method: 'POST', headers: admin });

  /** An administrator sends a link to the user's address; the link from the mail the SMTP server received. */
  async function mailedLink(id: string): Promise<string> {
    const count = smtp.received.length;
    const sent = await askAdmin(id, 'email-verification');
    expect(sent.status).toBe(202);
    expect(await sent.json()).toEqual({ sent_to: (await users().findById(id))!.email });
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
    // Verified already: nothing more to send.
    const again = await askAdmin(dora.id, 'email-verification');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'conflict' });
  });

  it('lets an administrator mail a password reset link; a user without an address gets none', async () => {
    const gus = await users().create({ username: 'gus', email: 'gus@example.com', password: PASSWORD });
    const count = smtp.received.length;
    const sent = await askAdmin(gus.id, 'password-reset');
    expect(sent.status).toBe(202);
    const mail = await eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      expect(smtp.received.length).toBe(count + 1);
      return smtp.received[count].mail;
    });
    expect(mail.to).toMatchObject({ text: 'gus@example.com' });
    expect(mail.text).toMatch(/\/account\/password\/reset\?token=[\w-]{43}/);
    const [event] = (await t.dataSource.query(
      `SELECT actor FROM audit_events WHERE type = 'account.password_reset_requested' AND subject = $1`,
      [gus.id],
    )) as { actor: string }[];
    expect(event.actor).toMatch(/^admin:/);

    const hal = await users().create({ username: 'hal', password: PASSWORD });
    for (const what of ['email-verification', 'password-reset'] as const) {
      const refused = await askAdmin(hal.id, what);
      expect(refused.status).toBe(409);
    }
    expect((await askAdmin('00000000-0000-4000-8000-000000000000', 'password-reset')).status).toBe(404);
    expect((await fetch(`${t.url}/admin/users/${gus.id}/password-reset`, { method: 'POST' })).status).toBe(401);
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

  it('offers both links on the console user page, for an address not verified yet', async () => {
    const ivy = await users().create({ username: 'ivy', email: 'ivy@example.com', password: PASSWORD });
    const jar = new CookieJar();
    const signIn = await (await jar.fetch(`${t.url}/admin/console/sign-in`)).text();
    const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(signIn)![1];
    await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: signInCsrf });
    const page = await (await jar.fetch(`${t.url}/admin/console/users/${ivy.id}`)).text();
    expect(page).toContain('ivy@example.com</span> (not verified)');
    expect(page).toContain('Mail a reset link instead');
    expect(page).toContain('Mail a link to confirm the address');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];

    const count = smtp.received.length;
    const sent = await jar.post(`${t.url}/admin/console/users/${ivy.id}/email-verification`, { _csrf: csrf });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toContain('notice=verification-sent');
    await eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      expect(smtp.received.length).toBe(count + 1);
    });
    expect(smtp.received[count].mail.to).toMatchObject({ text: 'ivy@example.com' });
    // Without the form's token, nothing is sent.
    expect((await jar.post(`${t.url}/admin/console/users/${ivy.id}/password-reset`, {})).status).toBe(403);
  });

  it('sends the link again on request: the same answer for anyone, a link only for an unverified address, 3 at most', async () => {
    const gil = await users().create({ username: 'gil', email: 'gil@example.com', password: PASSWORD });
    await users().create({ username: 'hana', email: 'hana@example.com', password: PASSWORD, emailVerified: true });
    const jar = new CookieJar();
    const ask = async (login: string) => {
      const form = await (await jar.fetch(`${t.url}/account/email/resend`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
      const res = await jar.post(`${t.url}/account/email/resend`, { _csrf: csrf, login });
      expect(res.status).toBe(200);
      return (await res.text()).replace(/name="_csrf" value="[^"]+"/g, '');
    };
    const answers = [await ask('nobody'), await ask('hana'), await ask('gil')];
    expect(new Set(answers).size).toBe(1);
    for (let i = 0; i < 3; i++) await ask('gil@example.com');
    // The links are queued a random while (at most 1.5 s) after each answer.
    const queued = async () =>
      (
        (await t.dataSource.query(
          `SELECT payload->>'to' AS "to" FROM outbox WHERE payload->>'template' = 'verify-email' AND payload->>'to' IN ('gil@example.com', 'hana@example.com', 'nobody')`,
        )) as { to: string }[]
      ).map((m) => m.to);
    await eventually(async () => expect(await queued()).toHaveLength(3));
    // Still three once any late one would have landed.
    await new Promise((r) => setTimeout(r, 1600));
    expect(await queued()).toEqual(['gil@example.com', 'gil@example.com', 'gil@example.com']);
    expect((await users().findById(gil.id))!.emailVerified).toBe(false);
  });
});
