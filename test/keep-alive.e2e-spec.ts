import { Agent, request } from 'node:http';
import { startTestApp, type TestApp } from './support/test-app';

/** A GET through `agent`; whether it went out on a connection the agent had kept from before. */
function get(agent: Agent, url: string): Promise<{ status: number; keepAlive?: string; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          keepAlive: String(res.headers['keep-alive']),
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A proxy in front (nginx ingress, a cloud load balancer) keeps idle connections to the server for
 * 60 s; the server must keep them longer, or a request sent as it closes one is answered 502.
 */
describe('idle keep-alive connections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('stay open 65 s, and say so, on the fast paths and through Express alike', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const path of ['/.well-known/openid-configuration', '/oauth2/userinfo', '/health/live'])
        expect((await get(agent, `${t.url}${path}`)).keepAlive).toBe('timeout=65');
    } finally {
      agent.destroy();
    }
  });

  it('serve a request on a connection left idle longer than Node closes its own (5 s)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(agent, `${t.url}/health/live`)).status).toBe(200);
      // Node closes its own idle connections 5 s after the last response, plus a second of grace.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      const later = await get(agent, `${t.url}/health/live`);
      expect(later).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});
