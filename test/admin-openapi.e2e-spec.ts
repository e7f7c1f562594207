import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}
interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every admin API route the server serves, from the Express router (the console's pages are not API operations). */
function servedAdminRoutes(t: TestApp): string[] {
  const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router;
  return router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => [m, layer.route!.path]) : []))
    .filter(([, path]) => path.startsWith('/admin/') && !/^\/admin\/(docs|console)\b/.test(path))
    .map(([method, path]) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`)
    .sort();
}

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

async function fetchDocument(t: TestApp): Promise<OpenApiDocument> {
  const res = await fetch(`${t.url}/admin/docs-json`);
  expect(res.status).toBe(200);
  return (await res.json()) as OpenApiDocument;
}

describe('admin OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    doc = await fetchDocument(t);
  });
  afterAll(() => t.close());

  it('documents every admin route the server serves, and nothing it does not', () => {
    const served = servedAdminRoutes(t);
    expect(served.length).toBeGreaterThan(30);
    expect(documentedRoutes(doc)).toEqual(served);
  });

  it('leaves the development endpoints out when they are off', () => {
    expect(servedAdminRoutes(t).some((r) => r.includes('/admin/dev/'))).toBe(false);
  });

  it('offers both admin security schemes, and every operation accepts either', () => {
    expect(doc.components.securitySchemes['admin-token']).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Admin-Token' }),
    );
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    for (const { op } of operations(doc)) expect(op.security).toEqual([{ 'admin-token': [] }, { bearer: [] }]);
  });

  it('describes each operation with a summary, its success, its errors and its path parameters', () => {
    for (const { path, method, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, op.summary]).toEqual([where, expect.any(String)]);
      expect([where, Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))]).toEqual([where, true]);
      expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['400', '401', '403'])]);
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const documented = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect([where, documented.sort()]).toEqual([where, params.sort()]);
    }
  });

  it('lists the development endpoints when they are on', async () => {
    const dev = await startTestApp({ ADMIN_TOKEN, ENABLE_DEV_ENDPOINTS: 'true' });
    try {
      const devDoc = await fetchDocument(dev);
      const served = servedAdminRoutes(dev);
      expect(served).toEqual(
        expect.arrayContaining(['POST /admin/dev/seed', 'GET /admin/dev/pkce', 'POST /admin/dev/quick-client']),
      );
      expect(documentedRoutes(devDoc)).toEqual(served);
    } finally {
      await dev.close();
    }
  });
});

describe('Swagger UI', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('relaxes the content security policy for the documentation only', async () => {
    const docs = await fetch(`${t.url}/admin/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    const api = await fetch(`${t.url}/admin/keys`);
    expect(api.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const discovery = await fetch(`${t.url}/.well-known/openid-configuration`);
    expect(discovery.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(discovery.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('authorizes with the admin token and runs a request from the page', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${t.url}/admin/docs`);

    await page.locator('.auth-wrapper button.authorize').click();
    const apiKey = page.locator('.auth-container').filter({ hasText: 'X-Admin-Token' });
    await apiKey.locator('input').fill(ADMIN_TOKEN);
    await apiKey.locator('button.authorize').click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const operation = page.locator('.opblock-get').filter({
      has: page.locator('.opblock-summary-path[data-path="/admin/keys"]'),
    });
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    await expect(operation.locator('.live-responses-table .microlight').first().textContent()).resolves.toContain(
      '"state"',
    );
    expect(violations).toEqual([]);
    await page.close();
  });
});
