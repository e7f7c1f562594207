import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { startServer, type ServerProcess } from './support/server-process';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'tracing-admin-token-0123456789abcdef0123456789';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP receiver (JSON), as a collector would be: it keeps every span it is sent. */
async function startOtlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; raw: string[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const raw: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      raw.push(body);
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const r of payload.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, raw, server };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
};

describe('OpenTelemetry tracing (OTLP over HTTP)', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: ServerProcess;
  let database: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await createTestDatabase();
    server = await startServer({
      DATABASE_URL: databaseUrl(database),
      ADMIN_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'oidc-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((ok) => receiver?.server.close(ok));
    if (database) await dropTestDatabase(database);
  });

  it('traces a token request from its traceparent through Express and Postgres, with no token or secret in any span', async () => {
    const created = await fetch(`${server.url}/admin/clients`, {
      method: 'POST',
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Traced', grant_types: ['client_credentials'] }),
    });
    expect(created.status).toBe(201);
    const { client, client_secret: secret } = (await created.json()) as {
      client: { client_id: string };
      client_secret: string;
    };

    // The caller's trace (W3C Trace Context): the server's span must continue it.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const token = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${secret}`).toString('base64')}`,
        traceparent: `00-${traceId}-${parentId}-01`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };

    // An authorization request whose query carries a hint: the query never reaches a span.
    await fetch(`${server.url}/oauth2/authorize?client_id=${client.client_id}&login_hint=secret-hint-value`, {
      redirect: 'manual',
    });

    const serverSpan = await eventually(async () => {
      const continued = receiver.spans.find((s) => s.traceId === traceId && s.parentSpanId === parentId);
      expect(continued).toBeDefined();
      // The admin request's trace: its route, and the Postgres queries it made, as child spans.
      const admin = receiver.spans.find((s) => s.kind === 2 && attribute(s, 'http.route') === '/admin/clients');
      expect(admin).toBeDefined();
      const queries = receiver.spans.filter(
        (s) => s.traceId === admin!.traceId && attribute(s, 'db.system.name') === 'postgresql',
      );
      expect(queries.length).toBeGreaterThan(0);
      expect(receiver.spans.some((s) => attribute(s, 'url.path') === '/oauth2/authorize')).toBe(true);
      return continued!;
    }, 15_000);
    expect(serverSpan.kind).toBe(2); // SERVER
    expect(attribute(serverSpan, 'http.request.method')).toBe('POST');
    expect(attribute(serverSpan, 'url.path')).toBe('/oauth2/token');
    expect(attribute(serverSpan, 'http.response.status_code')).toBe(200);

    const everything = receiver.raw.join('\n');
    expect(everything).toContain('oidc-under-test');
    for (const secretValue of [accessToken, secret, ADMIN_TOKEN, 'secret-hint-value'])
      expect(everything).not.toContain(secretValue);
  });
});
