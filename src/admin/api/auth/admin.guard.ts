import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { OAuthErrors } from '../../../common/errors/oauth-error';
import { AdminCredentialStore } from '../../credentials/admin-credential.store';
import { AdminAccessTokenStrategy } from './admin-access-token.strategy';
import type { AdminRequest } from '../../auth/admin-principal';
import { presentedAdminToken } from './presented-admin-token';

/**
 * Lets in an admin credential (X-Admin-Token or Bearer), or a bearer access token of a client
 * holding the admin scope. RFC 6750 §3.1: no or a bad token is 401 invalid_token, a token
 * without the scope 403 insufficient_scope, both with a Bearer challenge.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly credentials: AdminCredentialStore,
    private readonly accessTokens: AdminAccessTokenStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const presented = presentedAdminToken(req);
    if (!presented)
      throw OAuthErrors.invalidToken('an admin token is required (X-Admin-Token or Authorization: Bearer)');
    const credential = await this.credentials.authenticate(presented.token);
    if (credential) {
      req.admin = { kind: 'credential', credentialId: credential.id, name: credential.name };
      return true;
    }
    let description = 'the admin token is unknown, revoked or expired';
    if (presented.via === 'bearer') {
      const check = await this.accessTokens.check(presented.token);
      if (check.status === 'admin') {
        req.admin = { kind: 'client', clientId: check.clientId };
        return true;
      }
      if (check.status === 'insufficient_scope') throw OAuthErrors.insufficientScope(check.description);
      description = check.description ?? description;
    }
    throw OAuthErrors.invalidToken(description);
  }
}
