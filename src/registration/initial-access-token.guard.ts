import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { OAuthErrors } from '../common/errors/oauth-error';
import { RegistrationConfig } from '../config/registration.config';
import { bearerToken } from './bearer-token';
import { InitialAccessTokenService } from './initial-access-token.service';
import type { RegistrationHttpRequest } from './registration-http-request';

/**
 * RFC 7591 §3: under REGISTRATION_POLICY=initial_access_token, registering takes a valid
 * initial access token as a bearer token (RFC 6750 §2.1). Under open registration one may still
 * be presented, for the API scopes it allows; any other bearer token is ignored there, as before
 * (a registrant needs none). The use is counted only once the registration is known to be valid,
 * so a refused request does not spend it.
 */
@Injectable()
export class InitialAccessTokenGuard implements CanActivate {
  constructor(
    private readonly config: RegistrationConfig,
    private readonly tokens: InitialAccessTokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RegistrationHttpRequest>();
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      if (this.config.policy === 'open') return true;
      throw OAuthErrors.invalidToken('registering a client takes an initial access token as a Bearer token');
    }
    const verified = await this.tokens.verify(token);
    if (!verified && this.config.policy === 'open') return true;
    if (!verified) throw OAuthErrors.invalidToken('the initial access token is invalid, expired, revoked or used up');
    req.initialAccessToken = { id: verified.id, scopes: verified.scopes };
    return true;
  }
}
