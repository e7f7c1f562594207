import type { Server } from 'node:http';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { languageLocals } from './common/i18n/language-locals';
import { setupAdminSwagger } from './admin/api/swagger';
import { AppConfig } from './config/app-config';
import { BrandingConfig } from './config/branding.config';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsConfig } from './config/metrics.config';
import { MetricsService } from './metrics/metrics.service';
import { installBranding } from './common/http/branding';
import { registerViewHelpers } from './common/http/view-helpers';
import { projectRoot } from './common/http/project-root';
import { recordedSecurityHeaders } from './common/http/security-headers';
import { keepIdleConnections } from './common/http/keep-alive';
import { rejectNulCharacters } from './common/http/nul-characters';
import { logsHotSuccesses } from './common/logging/access-log-level';
import { accessLog } from './common/logging/access-log.middleware';
import { NestPinoLogger } from './common/logging/nest-pino-logger';
import { ROOT_LOGGER } from './common/logging/root-logger';
import { installDiscoveryFastPath } from './discovery/discovery-fast-path';
import { plainFormBody } from './common/fast-path/form-body';
import { installProtocolFastPath } from './common/fast-path/protocol-fast-path';
import { expressClientIp } from './common/fast-path/express-client-ip';
import { HotRoutes } from './common/fast-path/hot-routes';
import { answerScimRequestRefusals, requireScimMediaType } from './scim/scim-request-checks';
import { SCIM_PATH } from './scim/scim-schemas';

const ROOT = projectRoot();
const BODY_LIMIT_BYTES = 64 * 1024;
const PARAMETER_LIMIT = 100;

/** The HTTP pipeline, shared by main.ts and the e2e tests so they run the same server. */
export function configureApp(app: INestApplication, config: AppConfig): NestExpressApplication {
  const http = app as NestExpressApplication;
  http.useLogger(http.get(NestPinoLogger));
  http.set('trust proxy', config.trustProxy);
  http.disable('x-powered-by');
  http.set('etag', false);
  const securityHeaders = recordedSecurityHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'https:', 'data:'],
          formAction: ["'self'", 'https:', 'http:'],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: config.secureCookies,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  // Read from the controllers' @HotRoute() marks, and checked: a hot route the fast path could not
  // answer as Nest would stops the start here, whether or not the fast path is on.
  const hot = http.get(HotRoutes);
  const metrics = config.slice(MetricsConfig).enabled ? http.get(MetricsService) : undefined;
  // Every request's middleware, in order; the protocol fast path runs the same list.
  const middleware: RequestHandler[] = [
    accessLog(http.get(ROOT_LOGGER), hot.paths()),
    ...(metrics ? [httpMetricsMiddleware(metrics)] : []),
    securityHeaders,
    cookieParser(config.cookieSecret),
    plainFormBody(
      { limit: BODY_LIMIT_BYTES, parameterLimit: PARAMETER_LIMIT },
      express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES, parameterLimit: PARAMETER_LIMIT }),
    ),
    // RFC 7644 §3.1: SCIM clients send application/scim+json.
    express.json({ limit: BODY_LIMIT_BYTES, type: ['application/json', 'application/scim+json'] }),
    rejectNulCharacters,
  ];
  for (const handler of middleware) http.use(handler);
  // RFC 7644 §3.12: every SCIM error in SCIM's shape, those of the middleware above too.
  http.use(SCIM_PATH, requireScimMediaType, answerScimRequestRefusals);
  // Pages only (the fast path's JSON endpoints never render): the language each page is shown in.
  http.use(languageLocals);
  installBranding(http, config.slice(BrandingConfig), join(ROOT, 'public'));
  http.useStaticAssets(join(ROOT, 'public'), { prefix: '/assets/', maxAge: '1h' });
  keepIdleConnections(http.getHttpServer() as Server, config.httpKeepAliveTimeout);
  if (config.httpFastPath) {
    // The hot protocol endpoints skip Express's router and Nest's wrapping (see there)...
    const expressApp = http.getHttpAdapter().getInstance() as { request: object; response: object };
    installProtocolFastPath(http.getHttpServer() as Server, {
      express: expressApp,
      clientIp: expressClientIp(expressApp),
      middleware,
      guards: hot.guards,
      filter: hot.filter,
      mapMiddlewareError: (error) => (http.getHttpAdapter() as unknown as AbstractHttpAdapter).mapException(error),
      routes: hot.routes,
    });
    // ...and GETs of the discovery documents and the JWKS skip Express altogether.
    if (!logsHotSuccesses(config.logLevel))
      installDiscoveryFastPath(http, {
        securityHeaders,
        metrics,
      });
  }
  http.setBaseViewsDir(join(ROOT, 'views'));
  http.setViewEngine('hbs');
  registerViewHelpers(join(ROOT, 'views', 'partials'));
  http.set('view options', { layout: 'layouts/main' });
  setupAdminSwagger(http, config);
  return http;
}
