import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import { SigningKeyService } from '../keys/signing-key.service';
import { OutboundHttp } from '../outbound/outbound-http';
import { OutboxHandlerRegistry, PermanentDeliveryFailure } from '../outbox/outbox-handler.registry';
import { BACKCHANNEL_LOGOUT_KIND, type BackchannelLogoutPayload } from './backchannel-logout.payload';
import { LOGOUT_TOKEN_TYP, logoutTokenClaims } from './logout-token';

/** An RP answers a logout at once (§2.8); one that hangs is tried again later, not waited on. */
const DELIVERY_TIMEOUT_MS = 5000;

/**
 * Delivers one logout token for the outbox worker (OIDC Back-Channel Logout 1.0 §2.5): a POST of
 * `logout_token` through the guarded outbound client. §2.8: 200 (any 2xx) is success; a 4xx
 * other than 429 means the RP refused this token, and a new one would be refused the same way,
 * so it fails for good; anything else (5xx, 429, no answer) is retried with the outbox's backoff.
 */
@Injectable()
export class BackchannelLogoutHandler implements OnModuleInit {
  constructor(
    private readonly registry: OutboxHandlerRegistry,
    private readonly clients: ClientsService,
    private readonly keys: SigningKeyService,
    private readonly http: OutboundHttp,
  ) {}

  onModuleInit(): void {
    this.registry.registerHandler(BACKCHANNEL_LOGOUT_KIND, (payload) =>
      this.deliver(payload as unknown as BackchannelLogoutPayload),
    );
  }

  async deliver(payload: BackchannelLogoutPayload): Promise<string> {
    const client = await this.clients.findCurrent(payload.client_id);
    // Deleted, or no longer asking for logout tokens: nothing to send, nothing to retry.
    if (!client?.backchannelLogoutUri) return 'backchannel-logout-dropped';
    const uri = client.backchannelLogoutUri;
    const token = await this.keys.sign(
      logoutTokenClaims({ clientId: client.clientId, sid: payload.sid, sub: payload.sub }),
      // OIDC Back-Channel Logout §2.4: signed as the client's ID Tokens are.
      { typ: LOGOUT_TOKEN_TYP, alg: client.idTokenSignedResponseAlg ?? undefined },
    );
    let status: number;
    try {
      const response = await this.http.fetch(uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store' },
        body: new URLSearchParams({ logout_token: token }),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (failure) {
      // The message names the failure (refused destination, timeout, connection), never the token.
      const reason = messageOf((failure as { cause?: unknown } | undefined)?.cause) ?? messageOf(failure) ?? 'failed';
      throw new Error(`backchannel logout to ${client.clientId}: ${reason}`, { cause: failure });
    }
    if (status >= 200 && status <= 299) return new URL(uri).host.slice(0, 64);
    const message = `backchannel logout to ${client.clientId}: the RP answered ${status}`;
    if (status >= 400 && status <= 499 && status !== 429) throw new PermanentDeliveryFailure(message);
    throw new Error(message);
  }
}

function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
