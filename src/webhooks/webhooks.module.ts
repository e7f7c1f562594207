import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboundModule } from '../outbound/outbound.module';
import { OutboxModule } from '../outbox/outbox.module';
import { WebhookDeliveryHandler } from './webhook-delivery.handler';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhooksService } from './webhooks.service';

/** Signed deliveries of audit events to subscribed URLs, through the outbox and the guarded client. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery]), OutboxModule, OutboundModule],
  providers: [WebhooksService, WebhookDispatcher, WebhookDeliveryHandler],
  exports: [WebhooksService],
})
export class WebhooksModule {}
