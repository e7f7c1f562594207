import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { InteractionStore } from '../../interaction/store/interaction.store';
import { UpstreamLoginFailure } from './upstream-login-failure';
import { upstreamLoginFailureMessage } from './upstream-login-failure-message';

/** A failed upstream sign-in as a page that says what happened and, when it can, leads back to the login page. */
@Catch(UpstreamLoginFailure)
@Injectable()
export class UpstreamLoginFailureFilter implements ExceptionFilter {
  constructor(private readonly interactions: InteractionStore) {}

  catch(failure: UpstreamLoginFailure, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, title, message } = upstreamLoginFailureMessage(failure.reason, failure.providerName);
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('federation-error', {
      title,
      message,
      backUrl: failure.interactionId ? this.interactions.pageUrl(failure.interactionId, 'login') : undefined,
    });
  }
}
