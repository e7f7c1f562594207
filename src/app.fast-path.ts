import type { INestApplication } from '@nestjs/common';
import type { FastRoute } from './common/fast-path/protocol-fast-path';
import { IntrospectionController, INTROSPECTION_PATH } from './introspection/introspection.controller';
import { RevocationController, REVOCATION_PATH } from './introspection/revocation.controller';
import { TokenController } from './token/endpoint/token.controller';
import { TOKEN_PATH } from './token/endpoint/token-request.pipeline';
import { UserinfoController, USERINFO_PATH } from './token/userinfo/userinfo.controller';

/**
 * The endpoints the protocol fast path answers, each through its controller's own method, with
 * the status its @HttpCode gives it. Keep in step with those controllers' decorators.
 */
export function protocolFastRoutes(app: INestApplication): FastRoute[] {
  const token = app.get(TokenController);
  const introspection = app.get(IntrospectionController);
  const revocation = app.get(RevocationController);
  const userinfo = app.get(UserinfoController);
  return [
    { method: 'POST', path: TOKEN_PATH, status: 200, handle: (req, res) => token.token(req, res) },
    { method: 'POST', path: INTROSPECTION_PATH, status: 200, handle: (req, res) => introspection.introspect(req, res) },
    { method: 'POST', path: REVOCATION_PATH, status: 200, handle: (req, res) => revocation.revoke(req, res) },
    { method: 'GET', path: USERINFO_PATH, writesItself: true, handle: (req, res) => userinfo.get(req, res) },
    { method: 'POST', path: USERINFO_PATH, writesItself: true, handle: (req, res) => userinfo.post(req, res) },
  ];
}
