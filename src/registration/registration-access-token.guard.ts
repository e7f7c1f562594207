import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import { OAuthErrors } from '../common/errors/oauth-error';
import { hashToken } from '../token/opaque-token';
import { bearerToken } from './bearer-token';
import type { RegistrationHttpRequest } from './registration-http-request';

/**
 * RFC 7592 §2: the client configuration endpoint takes the registration access token issued
 * with the client. A missing or wrong token, a token of another client and a client that does
 * not exist all get the same 401, so the answer never says whether a client_id exists.
 */
@Injectable()
export class RegistrationAccessTokenGuard implements CanActivate {
  constructor(private readonly clients: ClientsService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RegistrationHttpRequest>();
    const token = bearerToken(req.headers.authorization);
    if (token === undefined)
      throw OAuthErrors.invalidToken('the client configuration endpoint takes the registration access token');
    const client = await this.clients.findByRegistrationAccessTokenHash(hashToken(token));
    if (!client || client.clientId !== req.params.clientId)
      throw OAuthErrors.invalidToken('the registration access token is not valid for this client');
    req.registeredClient = client;
    req.registrationAccessToken = token;
    return true;
  }
}
