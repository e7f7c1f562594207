import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { eventually } from './support/eventually';
import { ServerProcess, startServer } from './support/server-process';

interface Answer {
  status: number;
  body: string;
}

/** A client the server has never seen, so no cache can answer for the database. */
async function tokenRequest(url: string): Promise<Answer> {
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=rp-${randomBytes(6).toString('hex')}&client_secret=wrong`,
  });
  return { status: res.status, body: await res.text() };
}

async function get(url: string): Promise<Answer> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/**
 * The server runs on a Postgres of this test's own (never the machine's), which is stopped
 * while requests flow and then started again on the same port and data directory.
 */
describe('a Postgres outage', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oidc-outage-'));
    chmodSync(dir, 0o755);
    postgres = await startEmbeddedPostgres(join(dir, 'data'), () => undefined);
    const admin = new Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE oidc');
    await admin.end();
    server = await startServer({
      DATABASE_URL: postgres.url('oidc'),
      CLEANUP_INTERVAL: '0',
      RATE_LIMIT_ENABLED: 'false',
    });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 temporarily_unavailable while the database is down, and recovers on its own', async () => {
    expect((await tokenRequest(server.url)).status).toBe(401);
    expect((await get(`${server.url}/health/ready`)).status).toBe(200);

    // Requests keep flowing through the whole outage.
    const answers: Answer[] = [];
    let flowing = true;
    const stream = (async () => {
      while (flowing) {
        answers.push(await tokenRequest(server.url));
        answers.push(await get(`${server.url}/.well-known/openid-configuration`));
      }
    })();

    await postgres.stop();
    await eventually(async () => expect((await get(`${server.url}/health/ready`)).status).toBe(503), 10_000);
    const during = await tokenRequest(server.url);
    expect(during.status).toBe(503);
    expect(JSON.parse(during.body)).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
    });
    // SCIM answers in its own error format, 503 too: a provisioning client retries.
    const scim = await fetch(`${server.url}/scim/v2/Users`, { headers: { authorization: 'Bearer scim_any-token' } });
    expect(scim.status).toBe(503);
    expect(scim.headers.get('content-type')).toContain('application/scim+json');
    expect(await scim.json()).toMatchObject({ status: '503', detail: expect.any(String) });

    postgres = await startEmbeddedPostgres(join(dir, 'data'), () => undefined, { port: postgres.port });
    await eventually(async () => expect((await get(`${server.url}/health/ready`)).status).toBe(200), 20_000, 200);
    await eventually(async () => expect((await tokenRequest(server.url)).status).toBe(401), 5_000);
    flowing = false;
    await stream;

    expect(answers.length).toBeGreaterThan(4);
    for (const answer of answers) {
      expect([200, 401, 503]).toContain(answer.status);
      expect(answer.body).not.toMatch(/\n\s+at |ECONNREFUSED|server_error/);
      if (answer.status === 503) expect(JSON.parse(answer.body).error).toBe('temporarily_unavailable');
    }
    expect(answers.some((a) => a.status === 503)).toBe(true);
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/unhandled error/);
  });
});
