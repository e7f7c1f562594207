import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { CanActivate, ExceptionFilter } from '@nestjs/common';
import { ForbiddenException } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { placeAheadOfListener } from './ahead-of-listener';
import { httpContext } from './http-context';
import { runMiddleware } from './middleware-chain';
import { sendJson } from '../http/send-json';
import type { HotRoute } from './hot-routes';

export interface ProtocolFastPathOptions {
  /** The Express application Nest runs on: its request and response prototypes, for the error path. */
  express: { request: object; response: object };
  /** req.ip as Express computes it (its trust proxy setting). */
  clientIp: (req: IncomingMessage) => string | undefined;
  /** The middleware app.use() installs for every request, in the same order. */
  middleware: readonly RequestHandler[];
  /** The global guards and exception filter Nest would apply (HotRoutes reads them from the APP_* providers). */
  guards: readonly CanActivate[];
  filter: ExceptionFilter;
  /** What Nest makes of an error a middleware passed on (the HTTP adapter's mapException). */
  mapMiddlewareError: (error: unknown) => unknown;
  /** The hot routes, read from their controllers' @HotRoute() marks. */
  routes: readonly HotRoute[];
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Express and Nest cost more CPU than the token, introspection, revocation and userinfo endpoints
 * themselves (bench/, docs/performance.md). A request to exactly one of their paths (no query
 * string, the canonical spelling) with a form body, or none, is answered here instead: through the
 * same middleware, the same global guards, the same controller method and the same exception
 * filter, without the router's walk over every route, Nest's per-request wrapping and Express's
 * request and response prototypes. Any other request (JSON, OPTIONS, HEAD, other spellings) goes
 * to Express as before. What the route may rely on is checked, not promised: its handler takes a
 * HotRequest (req.headers, req.body, req.method and req.ip) and Node's response (setHeader,
 * statusCode, end; sendJson), and HotRoutes refuses to start with a hot route that carries a guard,
 * interceptor, pipe or filter of its own, or with a global interceptor or pipe.
 */
export function installProtocolFastPath(server: Server, options: ProtocolFastPathOptions): void {
  const routes = new Map(options.routes.map((r) => [`${r.method} ${r.path}`, r]));
  placeAheadOfListener(server, (req, res, next) => {
    const route = routes.get(`${req.method} ${req.url}`);
    if (route && takesBody(req)) answer(route, req as Request, res as Response, options);
    else next(req, res);
  });
}

/** A form body, or none: what the hot endpoints take; JSON and the rest stay with Express. */
function takesBody(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (type === undefined) return req.headers['content-length'] === undefined && !req.headers['transfer-encoding'];
  return type.slice(0, FORM.length).toLowerCase() === FORM;
}

function answer(route: HotRoute, req: Request, res: Response, options: ProtocolFastPathOptions): void {
  // The plain properties Express's router sets and the middleware, guard and controllers read.
  // Not Express's prototypes: swapping the prototype of Node's request and response objects
  // (express.application.handle) costs more than a whole introspection's other Node-side work.
  // Errors still get them, for the exception filter (res.status(), req.path, res.render()...).
  const mutable = req as unknown as Record<string, unknown>;
  mutable.originalUrl = req.url;
  mutable.baseUrl = '';
  mutable.params = {};
  mutable.ip = options.clientIp(req);

  const context = httpContext(req, res);
  const fail = (error: unknown) => {
    asExpressObjects(req, res, options.express);
    options.filter.catch(error, context);
  };
  runMiddleware(options.middleware, req, res, (error) => {
    if (error !== undefined) return fail(options.mapMiddlewareError(error));
    // The route matched, as the router would set it after the middleware: the metrics middleware
    // and the rate-limit guard read it (route-pattern.ts).
    mutable.route = { path: route.path };
    run(route, req, res, options.guards, context).catch(fail);
  });
}

/** What express.application.handle() does to every request it takes. */
function asExpressObjects(req: Request, res: Response, express: ProtocolFastPathOptions['express']): void {
  if (Object.getPrototypeOf(req) === express.request) return;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, express.request);
  Object.setPrototypeOf(res, express.response);
  res.locals = Object.create(null) as Response['locals'];
}

async function run(
  route: HotRoute,
  req: Request,
  res: ServerResponse,
  guards: readonly CanActivate[],
  context: ReturnType<typeof httpContext>,
): Promise<void> {
  for (const guard of guards) if (!(await guard.canActivate(context))) throw new ForbiddenException();
  const body = await route.handle(req, res);
  if (route.writesItself) return;
  // What Nest's ExpressAdapter.reply() sends, through Node's API.
  res.statusCode = route.status;
  if (body === undefined || body === null) res.end();
  else sendJson(res, body);
}
