import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CSRF_FIELD } from '../../interaction/csrf/csrf.guard';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import { loginCsrfSubject } from './device-binding';
import type { DeviceVerificationRequest } from './device-verification.guard';
import { formExpired } from '../../interaction/csrf/form-expired';

/** Runs after DeviceVerificationGuard and before the password is checked: a forged post counts no attempt. */
@Injectable()
export class DeviceLoginCsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<DeviceVerificationRequest>();
    const presented = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!this.csrf.matches(loginCsrfSubject(req.deviceVerification.binding), presented)) throw formExpired();
    return true;
  }
}
