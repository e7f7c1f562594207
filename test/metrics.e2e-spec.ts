import { freePort } from '../src/database/embedded-postgres';
import { basicAuth, createClient, createUser, postToken } from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

const series = (body: string, name: string) => body.split('\n').filter((l) => l.startsWith(name));

describe('metrics', () => {
  describe('on the public port', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CLEANUP_INTERVAL: '0' });
    });
    afterAll(() => t.close());

    it('times requests per route pattern and status, never per raw URL', async () => {
      for (const id of ['abc123', 'def456'])
        await (await fetch(`${t.url}/interaction/${id}/login?x=secret-query`)).text();
      await (await fetch(`${t.url}/no/such/path-xyz`)).text();
      const body = await scrape(t.url);

      const login = series(body, 'http_request_duration_seconds_count{method="GET",route="/interaction/:id/login"');
      expect(login).toHaveLength(1);
      expect(login[0]).toMatch(/status_code="4\d\d"\} 2$/);
      expect(body).toMatch(
        /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/interaction\/:id\/login"/,
      );
      expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
      expect(body).not.toMatch(/abc123|def456|path-xyz|secret-query/);
    });

    it('counts OAuth errors by code', async () => {
      await (
        await fetch(`${t.url}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&client_id=nobody&client_secret=wrong',
        })
      ).text();
      expect(await scrape(t.url)).toMatch(/^oidc_oauth_errors_total\{error="invalid_client"\} [1-9]/m);
    });

    it('reports the database pool and the process', async () => {
      const body = await scrape(t.url);
      expect(body).toMatch(/^db_pool_connections \d+$/m);
      expect(body).toMatch(/^db_pool_idle_connections \d+$/m);
      expect(body).toMatch(/^db_pool_waiting_clients 0$/m);
      expect(body).toMatch(/^db_pool_max_connections 4$/m);
      expect(body).toMatch(/^process_cpu_user_seconds_total /m);
      expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    });

    it('counts tokens issued per grant type and failed sign-ins', async () => {
      const rp = await createClient(t, { grantTypes: ['client_credentials', 'password'], redirectUris: [] });
      const auth = { authorization: basicAuth(rp.clientId, rp.clientSecret) };
      expect((await postToken(t, { grant_type: 'client_credentials' }, auth)).status).toBe(200);
      const user = await createUser(t);
      const failed = await postToken(t, { grant_type: 'password', username: user.username, password: 'wrong' }, auth);
      expect(failed.status).toBe(400);
      const body = await scrape(t.url);
      expect(body).toMatch(/^oidc_tokens_issued_total\{grant_type="client_credentials"\} 1$/m);
      expect(body).toMatch(/^oidc_login_failures_total\{reason="invalid"\} 1$/m);
    });
  });

  it('moves /metrics to METRICS_PORT, off the public port', async () => {
    const metricsPort = await freePort();
    const t = await startTestApp({ CLEANUP_INTERVAL: '0', METRICS_PORT: String(metricsPort) });
    try {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);
      expect(await scrape(`http://127.0.0.1:${metricsPort}`)).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/,
      );
    } finally {
      await t.close();
    }
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', CLEANUP_INTERVAL: '0' };

    it('keeps /metrics off the public port unless the operator opts in', async () => {
      const t = await startTestApp(production);
      try {
        expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
      } finally {
        await t.close();
      }
    });

    it('serves /metrics on the public port with METRICS_PUBLIC=true', async () => {
      const t = await startTestApp({ ...production, METRICS_PUBLIC: 'true' });
      try {
        expect(await scrape(t.url)).toMatch(/^process_cpu_user_seconds_total /m);
      } finally {
        await t.close();
      }
    });

    it('serves /metrics on METRICS_PORT only, when it is set', async () => {
      const metricsPort = await freePort();
      const t = await startTestApp({ ...production, METRICS_PORT: String(metricsPort) });
      try {
        expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
        expect(await scrape(`http://127.0.0.1:${metricsPort}`)).toMatch(/^process_cpu_user_seconds_total /m);
      } finally {
        await t.close();
      }
    });
  });

  it('exposes nothing with METRICS_ENABLED=false', async () => {
    const t = await startTestApp({ CLEANUP_INTERVAL: '0', METRICS_ENABLED: 'false' });
    try {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
