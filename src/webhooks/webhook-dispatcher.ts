import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, type RecordedAuditEvent } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import { matchesEventPattern } from './webhook-event-types';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhooksService } from './webhooks.service';

export const WEBHOOK_OUTBOX_KIND = 'webhook';

/**
 * Turns each recorded audit event into one delivery per enabled subscription that wants it: a
 * history row and an outbox row, written together, so a delivery is never lost nor made twice.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly webhooks: WebhooksService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.audit.onRecorded((event) => this.dispatch(event));
  }

  async dispatch(event: RecordedAuditEvent): Promise<void> {
    const subscriptions = (await this.webhooks.enabledSubscriptions()).filter((s) =>
      s.eventTypes.some((pattern) => matchesEventPattern(pattern, event.type)),
    );
    if (subscriptions.length === 0) return;
    const body = {
      id: event.id,
      type: event.type,
      created_at: event.createdAt.toISOString(),
      actor: event.actor,
      subject: event.subject,
      details: event.details,
    };
    await this.dataSource.transaction(async (manager) => {
      for (const subscription of subscriptions) {
        const delivery = await manager.getRepository(WebhookDelivery).save(
          manager.getRepository(WebhookDelivery).create({
            subscriptionId: subscription.id,
            eventId: event.id,
            eventType: event.type,
          }),
        );
        await this.outbox.enqueue(WEBHOOK_OUTBOX_KIND, { delivery_id: delivery.id, event: body }, { manager });
      }
    });
  }
}
