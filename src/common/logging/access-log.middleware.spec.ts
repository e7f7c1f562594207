import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { accessLog } from './access-log.middleware';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { middleware: accessLog(logger, new Set(['/oauth2/token'])), lines };
}

/** A request through the middleware, ended with `status` (finished) or aborted. */
function run(middleware: ReturnType<typeof accessLog>, url: string, status: number, finished = true, headers = {}) {
  const req = { method: 'POST', url, headers } as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    statusCode: status,
    writableFinished: finished,
    headers: {} as Record<string, string>,
    setHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    },
  });
  let nexted = false;
  middleware(req, res as unknown as ServerResponse, () => (nexted = true));
  res.emit('close');
  return { req, res, nexted };
}

describe('accessLog', () => {
  it('logs method, path without the query, status and time, under the request id', () => {
    const { middleware, lines } = capture('info');
    const { res, nexted } = run(middleware, '/oauth2/authorize?code=secret-code', 303);
    expect(nexted).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: res.headers['x-request-id'], method: 'POST', path: '/oauth2/authorize' },
      res: { statusCode: 303 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines[0])).not.toContain('secret-code');
  });

  it("keeps a sane caller's X-Request-Id and replaces an unsafe one", () => {
    const { middleware } = capture('info');
    expect(run(middleware, '/x', 200, true, { 'x-request-id': 'rp-42' }).req.id).toBe('rp-42');
    expect(run(middleware, '/x', 200, true, { 'x-request-id': 'bad id\n' }).req.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves successful hot requests to debug, and logs their failures', () => {
    const { middleware, lines } = capture('info');
    run(middleware, '/oauth2/token', 200);
    expect(lines).toHaveLength(0);
    run(middleware, '/oauth2/token', 400);
    expect(lines[0]).toMatchObject({ level: 30, req: { path: '/oauth2/token' }, res: { statusCode: 400 } });
  });

  it('logs an aborted request as an error', () => {
    const { middleware, lines } = capture('info');
    run(middleware, '/oauth2/token', 200, false);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request aborted' });
  });

  it('does not log health checks', () => {
    const { middleware, lines } = capture('trace');
    run(middleware, '/health/ready', 200);
    expect(lines).toHaveLength(0);
  });
});
