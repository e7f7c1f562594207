import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { toAdminHttpError } from '../../http/admin-error-mapping';

/** Turns the domain errors of users, clients, scopes, registration, federation and admin into HTTP errors. */
@Injectable()
export class AdminErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => toAdminHttpError(error))));
  }
}
