import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessLogLevel as levelOf, logsHotSuccesses } from './access-log-level';

// The hot routes' paths, as HotRoutes reads them from the controllers (test/hot-routes.e2e-spec.ts).
const HOT_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
  '/oauth2/token',
  '/oauth2/introspect',
  '/oauth2/revoke',
  '/oauth2/userinfo',
]);
const accessLogLevel = (req: IncomingMessage, res: ServerResponse, err?: Error) => levelOf(req, res, err, HOT_PATHS);

const req = (url: string) => ({ url }) as IncomingMessage;
const res = (statusCode: number) => ({ statusCode }) as ServerResponse;

describe('accessLogLevel', () => {
  it('logs the successes of the hot protocol endpoints at debug', () => {
    expect(accessLogLevel(req('/oauth2/token'), res(200))).toBe('debug');
    expect(accessLogLevel(req('/.well-known/jwks.json?x=1'), res(200))).toBe('debug');
    expect(accessLogLevel(req('/oauth2/userinfo'), res(204))).toBe('debug');
  });

  it('logs their failures, and everything else, at info', () => {
    expect(accessLogLevel(req('/oauth2/token'), res(400))).toBe('info');
    expect(accessLogLevel(req('/oauth2/introspect'), res(401))).toBe('info');
    expect(accessLogLevel(req('/oauth2/authorize'), res(303))).toBe('info');
    expect(accessLogLevel(req('/admin/clients'), res(200))).toBe('info');
  });

  it('logs server errors at error', () => {
    expect(accessLogLevel(req('/oauth2/token'), res(500))).toBe('error');
    expect(accessLogLevel(req('/oauth2/token'), res(200), new Error('aborted'))).toBe('error');
  });
});

describe('logsHotSuccesses', () => {
  it('is true only at debug and trace', () => {
    expect(['trace', 'debug', 'info', 'warn', 'silent'].map(logsHotSuccesses)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
