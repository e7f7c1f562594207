import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../src/webhooks/webhook-signature';
import { launchBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_TOKEN = 'webhooks-test-admin-token-0123456789abcdef';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver run by the test: records each request and answers `status`. */
async function startReceiver(port = 0): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('webhooks: signed deliveries of audit events through the outbox', () => {
  let t: TestApp;

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

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_TOKEN,
      // The receiver listens on 127.0.0.1, which the guarded client refuses unless allowed.
      OUTBOUND_ALLOW: '127.0.0.1',
      OUTBOX_POLL_INTERVAL: '0.05',
      OUTBOX_RETRY_BASE: '0.2',
    });
  });
  afterAll(() => t?.close());

  it('delivers a signed event the receiver can verify, and again after the receiver was down', async () => {
    const receiver = await startReceiver();
    const created = await admin('POST', '/webhooks', {
      url: `http://127.0.0.1:${receiver.port}/hooks`,
      event_types: ['admin.user.*'],
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await admin('GET', '/webhooks')).body)).not.toContain(secret);
    const hookId = created.body.webhook.id as string;

    const user = (await admin('POST', '/users', { username: 'alice' })).body;
    await eventually(async () => expect(receiver.received).toHaveLength(1));
    const [first] = receiver.received;
    const signature = first.headers['webhook-signature'] as string;
    expect(verifySignature(secret, first.body, signature)).toBe(true);
    expect(verifySignature(secret, first.body.replace('alice', 'mallory'), signature)).toBe(false);
    expect(JSON.parse(first.body)).toMatchObject({ type: 'admin.user.created', subject: user.id });
    // Event types not subscribed to are not sent.
    await admin('POST', '/scopes', { name: 'orders:read', description: 'Read orders' });

    // The receiver goes down; an event happens; the outbox retries until it is back.
    await close(receiver.server);
    await admin('POST', `/users/${user.id}/disable`);
    await eventually(async () => {
      const [latest] = (await admin('GET', `/webhooks/${hookId}/deliveries`)).body;
      expect(latest).toMatchObject({ event_type: 'admin.user.disabled', state: 'failing' });
      expect(latest.last_error).toBeTruthy();
    });
    const back = await startReceiver(receiver.port);
    await eventually(async () => expect(back.received).toHaveLength(1), 10_000);
    const again = back.received[0];
    expect(verifySignature(secret, again.body, again.headers['webhook-signature'] as string)).toBe(true);
    expect(JSON.parse(again.body)).toMatchObject({ type: 'admin.user.disabled', subject: user.id });
    await close(back.server);

    const history = (await admin('GET', `/webhooks/${hookId}/deliveries`)).body;
    expect(history.map((d: { event_type: string; state: string }) => [d.event_type, d.state])).toEqual([
      ['admin.user.disabled', 'delivered'],
      ['admin.user.created', 'delivered'],
    ]);
    expect(history[0].attempts).toBeGreaterThan(1);
  }, 30_000);

  it('refuses unknown event types and non-URLs, and signs with a rotated secret', async () => {
    expect((await admin('POST', '/webhooks', { url: 'https://x.example', event_types: ['no.such'] })).status).toBe(400);
    expect((await admin('POST', '/webhooks', { url: 'not a url', event_types: ['*'] })).status).toBe(400);
    const receiver = await startReceiver();
    const hook = (
      await admin('POST', '/webhooks', {
        url: `http://127.0.0.1:${receiver.port}/`,
        event_types: ['admin.scope.created'],
      })
    ).body;
    // The audit trail (and every webhook it feeds) names the receiver's origin, not its path.
    const secretPath = await admin('POST', '/webhooks', {
      url: 'https://hooks.chat.example/services/T0/B0/s3cr3t-in-the-path',
      event_types: ['admin.scope.created'],
    });
    const [created] = await t.dataSource.query(`SELECT details FROM audit_events WHERE subject = $1`, [
      secretPath.body.webhook.id,
    ]);
    expect(created.details).toEqual({ url_origin: 'https://hooks.chat.example', event_types: ['admin.scope.created'] });
    await admin('DELETE', `/webhooks/${secretPath.body.webhook.id}`);
    const rotated = (await admin('POST', `/webhooks/${hook.webhook.id}/rotate-secret`)).body.secret as string;
    await admin('POST', '/scopes', { name: 'orders:write', description: 'Change orders' });
    await eventually(async () => expect(receiver.received).toHaveLength(1));
    const [delivery] = receiver.received;
    expect(verifySignature(rotated, delivery.body, delivery.headers['webhook-signature'] as string)).toBe(true);
    expect(verifySignature(hook.secret, delivery.body, delivery.headers['webhook-signature'] as string)).toBe(false);
    await close(receiver.server);
  }, 20_000);

  it('shows subscriptions and their delivery history in the console, and makes one with its secret shown once', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${t.url}/admin/console/sign-in`);
      await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('link', { name: /\/hooks$/ }).click();
      const history = await page.getByRole('region', { name: 'Delivery history' }).textContent();
      expect(history).toContain('admin.user.disabled');
      expect(history).toContain('delivered');

      await page.goto(`${t.url}/admin/console/webhooks`);
      await page.getByLabel('URL').fill('https://hooks.example.com/console');
      await page.getByLabel('Event types').fill('admin.client.*');
      await page.getByRole('button', { name: 'Create subscription' }).click();
      expect(await page.locator('#webhook-secret').textContent()).toMatch(/^whsec_/);
      await page.getByRole('link', { name: 'Go to the subscription' }).click();
      expect(await page.locator('.facts').textContent()).toContain('admin.client.*');
    } finally {
      await browser.close();
    }
    const hooks = (await admin('GET', '/webhooks')).body as Array<{ url: string }>;
    expect(hooks.map((h) => h.url)).toContain('https://hooks.example.com/console');
  }, 30_000);
});
