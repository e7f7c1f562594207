import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { Request, Response } from 'express';
import { errorFormatFor, isSignOutPath } from './error-format';
import { isDatabaseUnavailable } from './database-unavailable';
import { OAuthError, OAuthErrors } from './oauth-error';
import { OAuthErrorCounter } from './oauth-error-counter';
import { errorPageText } from './error-page-text';
import { renderErrorRedirect } from './error-redirect';

const HTTP_ERROR_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_client',
  403: 'access_denied',
  404: 'not_found',
  405: 'invalid_request',
  413: 'invalid_request',
  415: 'invalid_request',
  429: 'too_many_requests',
  503: 'temporarily_unavailable',
};
const RETRY_LATER = 'The service is temporarily unavailable; retry later.';

/** Turns anything thrown into the protocol's error shape; internals never reach the caller. */
export function toOAuthError(exception: unknown): OAuthError {
  if (exception instanceof OAuthError) return exception;
  if (isDatabaseUnavailable(exception)) return OAuthErrors.temporarilyUnavailable(RETRY_LATER);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Readiness and other 503s: their bodies describe internals, the code says all a caller needs.
    if (status === 503) return OAuthErrors.temporarilyUnavailable(RETRY_LATER);
    const body = exception.getResponse();
    const message =
      typeof body === 'object' && body !== null && 'message' in body
        ? ([] as unknown[]).concat((body as { message: unknown }).message).join('; ')
        : exception.message;
    return new OAuthError(HTTP_ERROR_CODES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request'), message, {
      status,
    });
  }
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status;
  // body-parser errors (malformed JSON, oversized body, bad charset) carry an HTTP status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (exception as { type?: string }).type;
    const description =
      type === 'entity.too.large'
        ? 'request body too large'
        : type === 'entity.parse.failed'
          ? 'malformed request body'
          : 'invalid request body';
    return new OAuthError('invalid_request', description, { status });
  }
  return new OAuthError('server_error', undefined, { status: 500 });
}

@Catch()
@Injectable()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly config: AppConfig,
    @Optional() private readonly errorCounter?: OAuthErrorCounter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const error = toOAuthError(exception);
    if (!error.expose) {
      this.logger.error({ err: exception, reqId: req.id }, 'unhandled error');
    } else if (isDatabaseUnavailable(exception)) {
      this.logger.warn(
        { reqId: req.id, cause: (exception as Error).message },
        'answered 503: the database is unavailable',
      );
    }
    this.errorCounter?.oauthError(error.toJSON().error);
    if (res.headersSent) return;

    if (error.redirect) return renderErrorRedirect(res, error, error.redirect, this.config.issuer);

    res.status(error.status);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    if (error.challenge === 'Bearer' || error.challenge === 'DPoP') {
      const params = [`error="${error.error}"`];
      if (error.expose && error.errorDescription) params.push(`error_description="${error.errorDescription}"`);
      res.setHeader('WWW-Authenticate', `${error.challenge} realm="oauth2", ${params.join(', ')}`);
    } else if (error.challenge === 'Basic' || (error.status === 401 && error.error === 'invalid_client')) {
      // RFC 9110 §15.5.2: every 401 carries a challenge, also when the client sent no Authorization header.
      res.setHeader('WWW-Authenticate', 'Basic realm="oauth2"');
    }
    if (errorFormatFor(req.path) === 'html' && req.accepts(['html', 'json']) === 'html') {
      const json = error.toJSON();
      const text = errorPageText(json.error, isSignOutPath(req.path));
      res.render('error', { title: text.heading, text, error: json, requestId: req.id });
      return;
    }
    res.json(error.toJSON());
  }
}
