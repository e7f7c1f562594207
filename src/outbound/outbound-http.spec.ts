import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resolve } from './guarded-lookup';
import { OutboundAllowlist } from './outbound-allowlist';
import { OutboundHttp, OutboundResponseTooLarge, type OutboundOptions } from './outbound-http';

/** A real HTTP server on 127.0.0.1 that counts the TCP connections it ever accepted. */
interface Listener {
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function listen(handler: RequestListener): Promise<Listener> {
  const server: Server = createServer(handler);
  const listener = { port: 0, connections: 0, close: () => new Promise<void>((ok) => server.close(() => ok())) };
  server.on('connection', () => listener.connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  listener.port = (server.address() as AddressInfo).port;
  const close = listener.close;
  listener.close = () => {
    server.closeAllConnections();
    return close();
  };
  return listener;
}

const jwks = JSON.stringify({ keys: [] });
const answersJwks: RequestListener = (_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
/** A resolver for names no real DNS has: each resolves to 127.0.0.1. */
const toLoopback: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];

const clients: OutboundHttp[] = [];
const outbound = (allow: string[], options: Partial<OutboundOptions> = {}) => {
  const client = new OutboundHttp({ allow: new OutboundAllowlist(allow), ...options });
  clients.push(client);
  return client;
};

describe('OutboundHttp (every remote fetch)', () => {
  let target: Listener;
  beforeEach(async () => (target = await listen(answersJwks)));
  afterEach(async () => {
    await target.close();
    clients.splice(0).forEach((c) => c.onModuleDestroy());
  });

  describe('refuses internal destinations before any connection is opened', () => {
    it.each([
      ['a name resolving to loopback (localhost)', (port: number) => `http://localhost:${port}/jwks`],
      ['an IPv4-mapped IPv6 loopback literal', (port: number) => `http://[::ffff:127.0.0.1]:${port}/jwks`],
      ['a loopback literal', (port: number) => `http://127.0.0.1:${port}/jwks`],
      ['0.0.0.0, which reaches this host', (port: number) => `http://0.0.0.0:${port}/jwks`],
      ['a decimal IPv4 literal', (port: number) => `http://2130706433:${port}/jwks`],
    ])('%s', async (_what, url) => {
      const failure = await outbound([])
        .fetch(url(target.port))
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TypeError);
      expect((failure as TypeError).cause).toMatchObject({ name: 'OutboundDestinationRefused' });
      expect(target.connections).toBe(0);
    });

    it.each(['localhost.', 'metadata.google.internal', 'jwks.rebinding.example'])(
      '%s, when DNS answers 127.0.0.1',
      async (name) => {
        const failure = await outbound([], { resolve: toLoopback })
          .fetch(`http://${name}:${target.port}/jwks`)
          .catch((e: unknown) => e);
        expect((failure as TypeError).cause).toMatchObject({ name: 'OutboundDestinationRefused' });
        expect(target.connections).toBe(0);
      },
    );
  });

  it('fetches from an internal address the operator allowed (OUTBOUND_ALLOW)', async () => {
    for (const allow of ['127.0.0.1', '127.0.0.0/8', 'localhost']) {
      const response = await outbound([allow]).fetch(`http://localhost:${target.port}/jwks`);
      expect([response.status, await response.text()]).toEqual([200, jwks]);
    }
    const named = await outbound(['keys.internal'], { resolve: toLoopback }).fetch(
      `http://keys.internal:${target.port}/jwks`,
    );
    expect(named.status).toBe(200);
  });

  it('sends a form body as openid-client does', async () => {
    let received = '';
    const echo = await listen((req, res) => {
      req.on('data', (d: Buffer) => (received += d));
      req.on('end', () => res.writeHead(200).end(req.headers['content-type']));
    });
    try {
      const response = await outbound(['127.0.0.1']).fetch(`http://127.0.0.1:${echo.port}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'a b' }),
      });
      expect(await response.text()).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(received).toBe('grant_type=authorization_code&code=a+b');
    } finally {
      await echo.close();
    }
  });

  it('does not follow a redirect: the 3xx is the answer, and its target is never contacted', async () => {
    const redirecting = await listen((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/jwks` }).end(),
    );
    try {
      const response = await outbound(['127.0.0.1']).fetch(`http://127.0.0.1:${redirecting.port}/jwks`, {
        redirect: 'follow',
      });
      expect(response.status).toBe(302);
      expect(target.connections).toBe(0);
    } finally {
      await redirecting.close();
    }
  });

  it('cuts off a body larger than the limit, declared or streamed', async () => {
    const big = await listen((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': 4096 }).end('x'.repeat(4096));
      res.writeHead(200); // chunked: no length given
      const chunk = 'y'.repeat(1024);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const client = outbound(['127.0.0.1'], { maxResponseBytes: 2048 });
      for (const path of ['/declared', '/streamed']) {
        const failure = await client.fetch(`http://127.0.0.1:${big.port}${path}`).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(TypeError);
        expect((failure as TypeError).cause).toBeInstanceOf(OutboundResponseTooLarge);
      }
    } finally {
      await big.close();
    }
  });

  it('gives up on a server that never answers, or drips its body, within the time limit', async () => {
    const slow = await listen((req, res) => {
      if (req.url === '/hangs') return;
      res.writeHead(200);
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const client = outbound(['127.0.0.1'], { timeoutMs: 300 });
      for (const path of ['/hangs', '/drips']) {
        const started = Date.now();
        const failure = await client.fetch(`http://127.0.0.1:${slow.port}${path}`).catch((e: unknown) => e);
        expect(failure).toMatchObject({ name: 'TimeoutError' });
        expect(Date.now() - started).toBeLessThan(2000);
      }
      const aborted = await client
        .fetch(`http://127.0.0.1:${slow.port}/hangs`, { signal: AbortSignal.abort(new Error('caller gave up')) })
        .catch((e: unknown) => e);
      expect(aborted).toMatchObject({ message: 'caller gave up' });
    } finally {
      await slow.close();
    }
  });

  it('fetches nothing but http and https', async () => {
    const failure = await outbound([])
      .fetch('file:///etc/passwd')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
  });
});
