import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { freePort } from '../src/database/embedded-postgres';
import { MailService } from '../src/mail/mail.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { launchBrowser } from './support/browser';
import { CookieJar } from './support/cookie-jar';
import { eventually } from './support/eventually';
import { startSmtpServer } from './support/smtp-server';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'mail-admin-token-0123456789abcdef0123456789';
const admin = { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' };
const FROM = 'Example ID <id@example.com>';

interface OutboxRow {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  delivered_to: string | null;
}

const smtpUrl = (port: number, password = 'pa55word') => `smtp://mailer:${password}@127.0.0.1:${port}`;

async function sendTestMail(t: TestApp, to: string): Promise<{ id: string; via: string }> {
  const res = await fetch(`${t.url}/admin/mail/test`, { method: 'POST', headers: admin, body: JSON.stringify({ to }) });
  expect(res.status).toBe(202);
  return (await res.json()) as { id: string; via: string };
}

async function outboxRow(t: TestApp, id: string): Promise<OutboxRow> {
  const [row] = (await t.dataSource.query(
    'SELECT id, state, attempts, last_error, delivered_to FROM outbox WHERE id = $1',
    [id],
  )) as OutboxRow[];
  return row;
}

/** The console's Mail page, fetched over HTTP by an admin signed in with the admin token. */
async function consoleMailPage(t: TestApp, query = ''): Promise<string> {
  const jar = new CookieJar();
  const signIn = await (await jar.fetch(`${t.url}/admin/console/sign-in`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signIn)![1];
  expect((await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: csrf })).status).toBe(303);
  const page = await jar.fetch(`${t.url}/admin/console/mail${query}`);
  expect(page.status).toBe(200);
  return page.text();
}

describe('mail through the outbox', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    jest.restoreAllMocks();
  });
  const started = async <T extends { close(): Promise<void> }>(thing: Promise<T>): Promise<T> => {
    const t = await thing;
    cleanups.push(() => t.close());
    return t;
  };

  it('queues the message in the request and delivers it over SMTP with HTML and text parts, From = MAIL_FROM, authenticated with user:pass', async () => {
    const smtp = await started(startSmtpServer());
    const t = await started(
      startTestApp({ ADMIN_TOKEN, SMTP_URL: smtpUrl(smtp.port), MAIL_FROM: FROM, BRAND_NAME: 'Example ID' }),
    );

    const { id, via } = await sendTestMail(t, 'ops@example.org');
    expect(via).toBe('smtp');
    // Never sent inline: the request only queued it (the worker is off in tests until driven).
    expect(smtp.received).toHaveLength(0);
    expect(await outboxRow(t, id)).toMatchObject({ state: 'pending', attempts: 0 });

    expect(await t.app.get(OutboxWorker).drainOnce()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const [{ user, mail }] = smtp.received;
    expect(user).toBe('mailer');
    expect(mail.from?.value).toEqual([{ name: 'Example ID', address: 'id@example.com' }]);
    expect(mail.subject).toBe('Test message from Example ID');
    expect(mail.text).toContain(`Open the admin console: ${t.url}/admin/console/mail`);
    expect(mail.html).toContain(`<a href="${t.url}/admin/console/mail">Open the admin console</a>`);
    expect(await outboxRow(t, id)).toMatchObject({ state: 'delivered', attempts: 1, delivered_to: 'smtp' });
  });

  it("joins the caller's transaction: a rolled-back change sends nothing, a committed one queues its message", async () => {
    const smtp = await started(startSmtpServer());
    const t = await started(startTestApp({ SMTP_URL: smtpUrl(smtp.port), MAIL_FROM: FROM }));
    const mail = t.app.get(MailService);
    const data = { requestedBy: 'a test', sentAt: 'now', consoleUrl: t.url };
    const count = async () =>
      Number(((await t.dataSource.query('SELECT count(*) AS n FROM outbox')) as { n: string }[])[0].n);

    await expect(
      t.dataSource.transaction(async (manager) => {
        await mail.send({ to: 'rolled-back@example.org', template: 'test-message', data }, { manager });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(0);

    await t.dataSource.transaction(async (manager) => {
      await mail.send({ to: 'committed@example.org', template: 'test-message', data }, { manager });
      // Not visible (so not deliverable) to other connections before the commit.
      expect(await count()).toBe(0);
    });
    expect(await count()).toBe(1);
    await t.app.get(OutboxWorker).drainOnce();
    expect(smtp.received.map((r) => (r.mail.to as { text: string }).text)).toEqual(['committed@example.org']);
  });

  it('keeps a message whose SMTP login fails for a retry, with the reply as last error and without the password', async () => {
    const smtp = await started(startSmtpServer());
    const t = await started(
      startTestApp({ ADMIN_TOKEN, SMTP_URL: smtpUrl(smtp.port, 'wrong-secret'), MAIL_FROM: FROM }),
    );

    const { id } = await sendTestMail(t, 'ops@example.org');
    await t.app.get(OutboxWorker).drainOnce();
    expect(smtp.received).toHaveLength(0);
    const row = await outboxRow(t, id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/535/);
    expect(row.last_error).not.toContain('wrong-secret');
  });

  it('retries while the SMTP server is down and delivers once it is up', async () => {
    const port = await freePort();
    const t = await started(
      startTestApp({
        ADMIN_TOKEN,
        SMTP_URL: smtpUrl(port),
        MAIL_FROM: FROM,
        OUTBOX_POLL_INTERVAL: '0.05',
        OUTBOX_RETRY_BASE: '0.1',
      }),
    );
    const { id } = await sendTestMail(t, 'late@example.org');
    const down = await eventually(async () => {
      const row = await outboxRow(t, id);
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      return row;
    });
    expect(down.state).not.toBe('delivered');
    expect(down.last_error).toMatch(/ECONNREFUSED/);

    const smtp = await started(startSmtpServer({ port }));
    await eventually(async () => expect(smtp.received).toHaveLength(1));
    expect(smtp.received[0].mail.to).toMatchObject({ text: 'late@example.org' });
    await eventually(async () =>
      expect(await outboxRow(t, id)).toMatchObject({ state: 'delivered', last_error: null }),
    );
  });

  it('gives up a message the server rejects (550) after the bounded attempts, and shows it as failed in the admin API, the console and the metrics', async () => {
    const smtp = await started(startSmtpServer({ reject: 550 }));
    const t = await started(
      startTestApp({
        ADMIN_TOKEN,
        SMTP_URL: smtpUrl(smtp.port),
        MAIL_FROM: FROM,
        OUTBOX_POLL_INTERVAL: '0.05',
        OUTBOX_RETRY_BASE: '0.05',
        OUTBOX_MAX_ATTEMPTS: '3',
        BRAND_NAME: 'Example ID',
      }),
    );
    const { id } = await sendTestMail(t, 'nobody@example.org');
    await eventually(async () => expect(await outboxRow(t, id)).toMatchObject({ state: 'failed', attempts: 3 }));
    // Given up means given up: no fourth attempt.
    await new Promise((ok) => setTimeout(ok, 300));
    expect(smtp.rejected).toBe(3);
    expect(smtp.received).toHaveLength(0);

    const res = await fetch(`${t.url}/admin/outbox?state=failed`, { headers: admin });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Record<string, unknown>[]; total: number };
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      id,
      kind: 'mail',
      state: 'failed',
      attempts: 3,
      summary: 'to nobody@example.org: Test message from Example ID',
    });
    expect(page.items[0].last_error).toMatch(/550/);
    expect(page.items[0]).not.toHaveProperty('payload');
    const pending = (await (await fetch(`${t.url}/admin/outbox?state=pending`, { headers: admin })).json()) as {
      total: number;
    };
    expect(pending.total).toBe(0);
    expect((await fetch(`${t.url}/admin/outbox?state=lost`, { headers: admin })).status).toBe(400);
    expect((await fetch(`${t.url}/admin/outbox?state=failed`)).status).toBe(401);

    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^oidc_outbox_deliveries\{state="failed"\} 1$/m);
    expect(metrics).toMatch(/^oidc_outbox_deliveries\{state="pending"\} 0$/m);
    expect(metrics).toMatch(/^oidc_outbox_attempts_total\{kind="mail",outcome="retry"\} 2$/m);
    expect(metrics).toMatch(/^oidc_outbox_attempts_total\{kind="mail",outcome="failed"\} 1$/m);

    const html = await consoleMailPage(t, '?state=failed');
    const row = new RegExp(`<tr data-delivery="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    expect(row).toContain('nobody@example.org');
    expect(row).toMatch(/<td class="state">failed<\/td>/);
    expect(row).toMatch(/<td>3<\/td>/);
    expect(row).toMatch(/<td class="break last-error">[^<]*550/);
  });

  it('keeps /metrics answering when the outbox cannot be counted (a database in trouble)', async () => {
    const t = await started(startTestApp({}));
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/^oidc_outbox_deliveries\{state="failed"\} 0$/m);
    await t.dataSource.query('ALTER TABLE outbox RENAME TO outbox_away');
    try {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('db_pool_connections');
      expect(body).toMatch(/^oidc_outbox_deliveries\{state="failed"\} 0$/m);
    } finally {
      await t.dataSource.query('ALTER TABLE outbox_away RENAME TO outbox');
    }
  });

  it('two replicas on one database deliver each message exactly once', async () => {
    const smtp = await started(startSmtpServer({ delayMs: 20 }));
    const env = { ADMIN_TOKEN, SMTP_URL: smtpUrl(smtp.port), MAIL_FROM: FROM };
    const a = await started(startTestApp(env));
    const b = await started(startTestApp(env, a.database));
    const mail = a.app.get(MailService);
    const recipients = Array.from({ length: 40 }, (_, i) => `user${i}@example.org`);
    for (const to of recipients)
      await mail.send({
        to,
        template: 'test-message',
        data: { requestedBy: 'a test', sentAt: 'now', consoleUrl: a.url },
      });

    // Both workers drain at the same time, round after round, until nothing is left.
    const drain = async (t: TestApp) => {
      let total = 0;
      for (let n = -1; n !== 0;) total += n = await t.app.get(OutboxWorker).drainOnce();
      return total;
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    expect(byA + byB).toBe(40);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    const delivered = smtp.received.map((r) => (r.mail.to as { text: string }).text).sort();
    expect(delivered).toEqual([...recipients].sort());
    const [{ n }] = (await a.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE state = 'delivered'`)) as {
      n: string;
    }[];
    expect(Number(n)).toBe(40);
  });

  it.each(['development', 'test'])(
    'without SMTP_URL (NODE_ENV=%s) keeps messages in the development outbox: on the console Mail page and in the log with the first link',
    async (nodeEnv) => {
      const logged = jest.spyOn(Logger.prototype, 'log');
      const t = await started(startTestApp({ ADMIN_TOKEN, NODE_ENV: nodeEnv }));
      expect(t.app.get(MailService).enabled).toBe(true);

      const { id, via } = await sendTestMail(t, 'dev@example.org');
      expect(via).toBe('dev-outbox');
      expect(await outboxRow(t, id)).toMatchObject({ state: 'delivered', delivered_to: 'dev-outbox', attempts: 0 });
      expect(logged.mock.calls.map((c) => String(c[0]))).toContain(
        `Development outbox: "Test message from Sign-in service" to dev@example.org; first link: ${t.url}/admin/console/mail`,
      );

      const html = await consoleMailPage(t);
      expect(html).toContain('Development outbox');
      expect(html).toContain('<a href="/admin/console/mail" aria-current="page">Mail</a>');
      const row = new RegExp(`<tr data-delivery="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
      expect(row).toContain('dev@example.org');
      expect(row).toContain('<summary>Test message from Sign-in service</summary>');
      expect(row).toContain(`Open the admin console: ${t.url}/admin/console/mail`);
      expect(row).toContain('delivered (dev-outbox)');
    },
  );

  it('shows the Mail page in a browser: reached from the console nav, each text behind its subject, no sideways scroll on a phone', async () => {
    const t = await started(startTestApp({ ADMIN_TOKEN }));
    await sendTestMail(t, 'browser@example.org');
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.url}/admin/console/sign-in`);
    await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Mail' }).click();
    await page.waitForURL(`${t.url}/admin/console/mail`);
    expect(await page.locator('h1').textContent()).toBe('Mail');

    const text = page.locator('pre.mail-text').first();
    expect(await text.isVisible()).toBe(false);
    await page.locator('summary', { hasText: 'Test message from Sign-in service' }).click();
    expect(await text.isVisible()).toBe(true);
    expect(await text.textContent()).toContain('This is a test message from Sign-in service');

    const screenshots = join(__dirname, '..', 'test-output', 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'console-mail.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(390);
    await page.screenshot({ path: join(screenshots, 'console-mail.narrow.png'), fullPage: true });
  });

  it('in production without SMTP_URL turns mail off and says so once in the start log', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn');
    const t = await started(startTestApp({ ADMIN_TOKEN, NODE_ENV: 'production' }));
    expect(t.app.get(MailService).enabled).toBe(false);
    const lines = warned.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('SMTP_URL is not set'));
    expect(lines).toEqual([
      'SMTP_URL is not set: mail is off, and the features that send mail (email verification, password reset) are unavailable',
    ]);

    const res = await fetch(`${t.url}/admin/mail/test`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ to: 'ops@example.org' }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'conflict', code: 'mail_disabled' });
    expect(await consoleMailPage(t)).toContain('Mail is off');
    const [{ n }] = (await t.dataSource.query('SELECT count(*) AS n FROM outbox')) as { n: string }[];
    expect(Number(n)).toBe(0);
  });
});
