import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toOAuthError } from '../../../common/errors/oauth-exception.filter';
import { toAdminHttpError } from '../../http/admin-error-mapping';
import { ConsoleSignInRequired } from '../auth/console-auth.guard';
import type { ConsoleRequest } from '../auth/console-principal';
import { SIGN_IN_URL } from '../console-paths';
import { ConsoleView } from './console-view';

const TITLES: Record<number, string> = {
  400: 'The request could not be completed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many attempts',
  503: 'Try again in a moment',
};

/**
 * Console errors are console pages: the layout and navigation stay, the message says what went
 * wrong. Domain refusals map as in the admin API; internals never reach the page.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminConsole');

  constructor(private readonly view: ConsoleView) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof ConsoleSignInRequired) return res.redirect(303, SIGN_IN_URL);
    const error = toOAuthError(toAdminHttpError(exception));
    if (!error.expose) this.logger.error({ err: exception, reqId: req.id }, 'unhandled error on a console page');
    const title = TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : TITLES[400]);
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    this.view.render(
      req,
      res,
      'error',
      {
        title,
        message: error.expose ? error.errorDescription : undefined,
        code: error.toJSON().error,
        requestId: req.id,
      },
      error.status,
    );
  }
}
