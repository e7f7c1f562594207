import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OutboundHttp } from '../outbound/outbound-http';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { WEBHOOK_OUTBOX_KIND } from './webhook-dispatcher';
import { WebhookDelivery } from './webhook-delivery.entity';
import { signatureHeader, SIGNATURE_HEADER } from './webhook-signature';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhooksService } from './webhooks.service';

/**
 * Makes one webhook delivery for the outbox worker: a signed POST through the guarded outbound
 * client (no private addresses unless allowed, no redirects, bounded time and size). Anything but
 * a 2xx throws, so the outbox retries with backoff; the history row records each attempt.
 */
@Injectable()
export class WebhookDeliveryHandler implements OnModuleInit {
  constructor(
    private readonly registry: OutboxHandlerRegistry,
    private readonly http: OutboundHttp,
    private readonly webhooks: WebhooksService,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectRepository(WebhookSubscription) private readonly subscriptions: Repository<WebhookSubscription>,
  ) {}

  onModuleInit(): void {
    this.registry.registerHandler(WEBHOOK_OUTBOX_KIND, (payload) => this.deliver(payload));
  }

  async deliver(payload: Record<string, unknown>): Promise<string> {
    const delivery = await this.deliveries.findOneBy({ id: String(payload.delivery_id) });
    const subscription = delivery ? await this.subscriptions.findOneBy({ id: delivery.subscriptionId }) : null;
    // Deleted or switched off since: nothing to send, and nothing to retry.
    if (!delivery || !subscription || !subscription.enabled) return 'webhook-dropped';
    const body = JSON.stringify(payload.event);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.http.fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'oidc-server-webhooks',
          'webhook-id': delivery.id,
          [SIGNATURE_HEADER]: signatureHeader(this.webhooks.secretOf(subscription), body),
        },
        body,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (status < 200 || status > 299) error = `the receiver answered ${status}`;
    } catch (failure) {
      // The message names the failure (refused destination, timeout, connection), never the secret.
      error =
        failure instanceof Error ? String((failure.cause as Error | undefined)?.message ?? failure.message) : 'failed';
    }
    await this.deliveries.update(
      { id: delivery.id },
      {
        attempts: delivery.attempts + 1,
        lastAttemptAt: new Date(),
        lastStatus: status,
        lastError: error,
        state: error ? 'failing' : 'delivered',
        ...(error ? {} : { deliveredAt: new Date() }),
      },
    );
    if (error) throw new Error(`webhook ${subscription.id}: ${error}`);
    return new URL(subscription.url).host.slice(0, 64);
  }
}
