import { startTestApp, TestApp } from './support/test-app';

const LIMITS = {
  CLEANUP_INTERVAL: '0',
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_TOKEN: '3/60',
  RATE_LIMIT_LOGIN: '3/60',
  RATE_LIMIT_REGISTRATION: '3/60',
};

function postToken(t: TestApp, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'grant_type=client_credentials&client_id=nobody&client_secret=wrong',
  });
}

async function statuses(requests: (() => Promise<Response>)[]): Promise<number[]> {
  const out: number[] = [];
  for (const send of requests) {
    const res = await send();
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

const times = <T>(n: number, f: () => T) => Array.from({ length: n }, f);

describe('rate limits', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp(LIMITS);
    b = await startTestApp(LIMITS, a.database);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('answers 429 with Retry-After and an OAuth error once the token endpoint limit is spent', async () => {
    expect(await statuses(times(3, () => () => postToken(a)))).toEqual([401, 401, 401]);
    const refused = await postToken(a);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
  });

  it('counts the token endpoint per replica, in memory', async () => {
    expect(await statuses(times(3, () => () => postToken(b)))).toEqual([401, 401, 401]);
    expect((await postToken(b)).status).toBe(429);
  });

  it('shares the registration limit between replicas through Postgres', async () => {
    const register = (t: TestApp) => () =>
      fetch(`${t.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    expect(await statuses([register(a), register(b), register(a)])).toEqual([400, 400, 400]);
    expect(await statuses([register(b), register(a)])).toEqual([429, 429]);
    const [row] = await a.dataSource.query(`SELECT hits FROM rate_limits WHERE key LIKE 'registration:%'`);
    expect(row.hits).toBe(5);
  });

  it('shares the login limit between replicas and shows a browser the error page', async () => {
    const login = (t: TestApp) => () =>
      fetch(`${t.url}/interaction/no-such-interaction/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: 'login=alice&password=wrong',
      });
    const allowed = await statuses([login(a), login(b), login(b)]);
    expect(allowed.every((s) => s !== 429)).toBe(true);
    const refused = await login(a)();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toContain('too_many_requests');
  });

  it('leaves endpoints without a limit alone', async () => {
    const discovery = () => fetch(`${a.url}/.well-known/openid-configuration`);
    expect(new Set(await statuses(times(10, () => discovery)))).toEqual(new Set([200]));
  });

  it('counts refused requests in the metrics', async () => {
    const body = await (await fetch(`${a.url}/metrics`)).text();
    expect(body).toMatch(/^oidc_rate_limited_requests_total\{limit="token"\} 1$/m);
    expect(body).toMatch(/^oidc_rate_limited_requests_total\{limit="registration"\} [1-9]/m);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a client cannot pick a fresh budget', async () => {
    expect((await postToken(a, { 'x-forwarded-for': '198.51.100.77' })).status).toBe(429);
  });

  it('limits each client behind the proxy on its own with TRUST_PROXY=1, whatever the client puts in X-Forwarded-For', async () => {
    const proxied = await startTestApp({ ...LIMITS, TRUST_PROXY: '1' });
    try {
      // The ingress appends the address it saw; what comes before it is the client's to choose.
      let spoofed = 0;
      const from = (ip: string) => () => postToken(proxied, { 'x-forwarded-for': `198.51.100.${++spoofed}, ${ip}` });
      expect(await statuses([...times(3, () => from('203.0.113.1')), from('203.0.113.1')])).toEqual([
        401, 401, 401, 429,
      ]);
      expect(await statuses([from('203.0.113.2')])).toEqual([401]);
    } finally {
      await proxied.close();
    }
  });
});
