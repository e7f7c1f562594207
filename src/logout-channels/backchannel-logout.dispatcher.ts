import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SessionEndings, type EndedSession } from '../interaction/session/session-endings';
import { ClientsService } from '../clients/clients.service';
import { SubjectIdentifiers } from '../clients/subject-identifiers';
import { OutboxService } from '../outbox/outbox.service';
import { AuthorizationGrantService } from '../token/authorization-grants/authorization-grant.service';
import type { BackchannelLogoutPayload } from './backchannel-logout.payload';
import { BACKCHANNEL_LOGOUT_KIND } from './backchannel-logout.payload';

/**
 * OIDC Back-Channel Logout 1.0 §2.5: when a browser session ends, however it ends, each client
 * that took part in it and registered a backchannel_logout_uri gets a logout token. Only queued
 * here (the user never waits on an RP), in the transaction that ended the session, so a session
 * never ends without its logout tokens queued; the outbox delivers, retries and records.
 */
@Injectable()
export class BackchannelLogoutDispatcher implements OnModuleInit {
  constructor(
    private readonly endings: SessionEndings,
    private readonly grants: AuthorizationGrantService,
    private readonly clients: ClientsService,
    private readonly outbox: OutboxService,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  onModuleInit(): void {
    this.endings.subscribe((ended, transaction) => this.sessionsEnded(ended, transaction));
  }

  async sessionsEnded(ended: readonly EndedSession[], transaction: EntityManager): Promise<void> {
    const owners = new Map(ended.map((s) => [s.id, s.userId]));
    // Read on the transaction's connection too: one that waited for a second pooled connection
    // could wait forever if every connection were held by such a transaction.
    for (const { sessionId, clientId } of await this.grants.clientsOfSessions([...owners.keys()], transaction)) {
      const client = await this.clients.findById(clientId, transaction);
      if (!client?.backchannelLogoutUri) continue;
      // §2.4: the sub of the client's ID tokens, pairwise for a pairwise client (OIDC Core §8).
      const sub = this.subjects.of(client, owners.get(sessionId)!);
      const payload: BackchannelLogoutPayload = { client_id: clientId, sid: sessionId, sub };
      await this.outbox.enqueue(BACKCHANNEL_LOGOUT_KIND, { ...payload }, { manager: transaction });
    }
  }
}
