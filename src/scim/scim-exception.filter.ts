import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toOAuthError } from '../common/errors/oauth-exception.filter';
import { AccessError, AccessErrorCode } from '../users/access/access.error';
import { UsersError, UsersErrorCode } from '../users/users.error';
import { ScimError } from './scim-error';
import { sendScimError } from './scim-response';

/** Domain refusals in SCIM terms (RFC 7644 §3.12). */
function scimErrorOf(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof UsersError) {
    if (error.code === UsersErrorCode.UsernameTaken || error.code === UsersErrorCode.EmailTaken)
      return new ScimError(409, error.message, 'uniqueness');
    if (error.code === UsersErrorCode.UserNotFound) return new ScimError(404, error.message);
    return new ScimError(400, error.message, 'invalidValue');
  }
  if (error instanceof AccessError) {
    if (error.code === AccessErrorCode.GroupExists) return new ScimError(409, error.message, 'uniqueness');
    if (error.code === AccessErrorCode.GroupNotFound) return new ScimError(404, error.message);
    return new ScimError(400, error.message, 'invalidValue');
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    return new ScimError(status, error.message, status === 400 ? 'invalidSyntax' : undefined);
  }
  return undefined;
}

/** Every SCIM error as a SCIM error body with the SCIM content type; internals never leak. */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    let error = scimErrorOf(exception);
    // A database that cannot be reached: the client may retry later.
    const unavailable = error ? undefined : toOAuthError(exception);
    if (unavailable?.status === 503) {
      error = new ScimError(503, unavailable.errorDescription ?? 'temporarily unavailable');
      for (const [name, value] of Object.entries(unavailable.headers ?? {})) res.setHeader(name, value);
    }
    if (!error) {
      this.logger.error({ err: exception }, 'unhandled error at /scim/v2');
      error = new ScimError(500, 'internal error');
    }
    sendScimError(res, error);
  }
}
