import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../../clients/clients.service';
import { AccessTokenVerifier } from '../../../token/access-token.verifier';
import { AdminAccessTokenCheck, AdminAccessTokenStrategy } from './admin-access-token.strategy';

export const ADMIN_SCOPE = 'admin';

/**
 * An access token opens the admin API when it is valid (AccessTokenVerifier), is a bearer token
 * (not DPoP-bound), was issued to a client for itself (client_credentials: no user), carries the
 * admin scope, and the client is still registered and allowed that scope. The admin power came
 * from the client's scope: once the client loses it or is deleted, the token is dead to the admin
 * API (401 invalid_token, as a revoked one), at once and on every replica, so the client is read
 * as stored, not from a cache.
 */
@Injectable()
export class VerifiedAdminAccessTokens extends AdminAccessTokenStrategy {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly clients: ClientsService,
  ) {
    super();
  }

  async check(token: string): Promise<AdminAccessTokenCheck> {
    const verified = await this.verifier.find(token);
    if (!verified) return { status: 'invalid' };
    // RFC 9449 §7.2: a DPoP-bound token is never a bearer token, and the admin API takes bearer only.
    if (verified.dpopJkt !== null)
      return {
        status: 'invalid',
        description: 'the access token is DPoP-bound: the admin API takes bearer tokens only (get one without DPoP)',
      };
    if (verified.userId !== null)
      return { status: 'insufficient_scope', description: 'the admin API takes client_credentials tokens only' };
    if (!verified.scope.includes(ADMIN_SCOPE))
      return { status: 'insufficient_scope', description: `the ${ADMIN_SCOPE} scope is required` };
    const client = await this.clients.findCurrent(verified.clientId);
    if (!client?.allowedScopes.includes(ADMIN_SCOPE)) return { status: 'invalid' };
    return { status: 'admin', clientId: verified.clientId };
  }
}
