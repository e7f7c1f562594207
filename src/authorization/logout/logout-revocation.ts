import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../clients/clients.service';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';

export const LOGOUT_REVOCATION_REASON = 'logout';

/**
 * What a logout does to tokens. The user signed out of this server, which every client of the
 * session relied on, not only the one that asked; so each client holding grants from the ended
 * session loses them when its own policy (revoke_tokens_on_logout) says so.
 */
@Injectable()
export class LogoutRevocation {
  constructor(
    private readonly grants: AuthorizationGrantService,
    private readonly clients: ClientsService,
  ) {}

  async afterSessionEnded(sessionId: string): Promise<void> {
    for (const clientId of await this.grants.clientIdsOfSession(sessionId)) {
      const client = await this.clients.findById(clientId);
      if (client?.revokeTokensOnLogout)
        await this.grants.revokeBySession(sessionId, clientId, LOGOUT_REVOCATION_REASON);
    }
  }
}
