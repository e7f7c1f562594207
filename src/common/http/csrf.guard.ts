import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OAuthErrors } from '../errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { hasValidCsrfToken } from './csrf';

/** Refuses a form post without a matching CSRF token (see issueCsrfToken) with 403. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (hasValidCsrfToken(req, { secret: this.config.cookieSecret, secure: this.config.secureCookies })) return true;
    throw OAuthErrors.accessDenied(
      'The form has expired or did not come from this site: reload the page and try again.',
    );
  }
}
