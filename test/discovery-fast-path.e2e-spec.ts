import { startTestApp, TestApp } from './support/test-app';

const PATHS = [
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
];
/** Headers that differ between any two responses. */
const PER_RESPONSE = new Set(['date', 'x-request-id']);

async function answer(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !PER_RESPONSE.has(name)));
  return { status: res.status, headers, body: await res.text(), requestId: res.headers.get('x-request-id') };
}

describe('discovery fast path', () => {
  // At any log level but debug and trace the documents' exact paths are answered ahead of
  // Express; a query string takes a request through Express to the controller.
  let fast: TestApp;
  beforeAll(async () => {
    fast = await startTestApp({ LOG_LEVEL: 'warn' });
  });
  afterAll(() => fast?.close());

  it.each(PATHS)('answers %s exactly as the controller does, security headers included', async (path) => {
    const viaController = await answer(`${fast.url}${path}?via=router`);
    const viaFastPath = await answer(fast.url + path);
    expect(viaFastPath.status).toBe(200);
    expect(viaFastPath.headers).toEqual(viaController.headers);
    expect(viaFastPath.headers).toMatchObject({ 'x-frame-options': 'DENY', 'access-control-allow-origin': '*' });
    expect(viaFastPath.body).toBe(viaController.body);
  });

  it('keeps a sane X-Request-Id from the caller and makes one up otherwise', async () => {
    expect((await answer(`${fast.url}${PATHS[2]}`, { headers: { 'X-Request-Id': 'rp-42' } })).requestId).toBe('rp-42');
    expect((await answer(`${fast.url}${PATHS[2]}`)).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves other methods and spellings to the router, which answers them as before', async () => {
    const head = await fetch(`${fast.url}${PATHS[2]}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(`${fast.url}${PATHS[2]}`, { method: 'POST' })).status).toBe(404);
  });

  it('counts its requests under the route pattern, as the metrics middleware does', async () => {
    const count = async () => {
      const metrics = await (await fetch(`${fast.url}/metrics`)).text();
      const line =
        /http_request_duration_seconds_count\{method="GET",route="\/\.well-known\/jwks\.json",status_code="200"\} (\d+)/;
      return Number(line.exec(metrics)?.[1] ?? 0);
    };
    const before = await count();
    await fetch(`${fast.url}${PATHS[2]}`);
    await fetch(`${fast.url}${PATHS[2]}?via=router`);
    expect(await count()).toBe(before + 2);
  });
});
