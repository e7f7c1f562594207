import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { AdminApiModule } from './admin-api.module';
import { ADMIN_TOKEN_SCHEME, BEARER_SCHEME } from './http/admin-api.decorator';

export const ADMIN_DOCS_PATH = '/admin/docs';
export const ADMIN_DOCS_JSON_PATH = '/admin/docs-json';

/**
 * Swagger UI styles itself inline, which the server-wide policy forbids; this page, and only
 * this page, may. It still loads scripts from this origin only and talks to this origin only.
 */
const SWAGGER_UI_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function swaggerUiPolicy(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', SWAGGER_UI_POLICY);
  next();
}

export function buildAdminDocument(app: INestApplication, config: AppConfig) {
  const document = new DocumentBuilder()
    .setTitle('Admin API')
    .setDescription(
      'Administration of this OAuth 2.0 / OpenID Connect server. Authenticate with an admin token ' +
        '(X-Admin-Token, or Authorization: Bearer), or with a client_credentials access token carrying the admin scope.',
    )
    .setVersion('1')
    .addServer(config.issuer)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Admin-Token', description: 'An admin token' },
      ADMIN_TOKEN_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'admin token or access token',
        description: 'An admin token, or an access token with the admin scope',
      },
      BEARER_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, document, { include: [AdminApiModule] });
}

/** Swagger UI at /admin/docs and the OpenAPI document at /admin/docs-json; must run before listen(). */
export function setupAdminSwagger(app: INestApplication, config: AppConfig): void {
  app.use(ADMIN_DOCS_PATH, swaggerUiPolicy);
  SwaggerModule.setup(ADMIN_DOCS_PATH.slice(1), app, () => buildAdminDocument(app, config), {
    jsonDocumentUrl: ADMIN_DOCS_JSON_PATH.slice(1),
    customSiteTitle: 'Admin API',
    swaggerOptions: { persistAuthorization: false, tryItOutEnabled: false },
  });
}
