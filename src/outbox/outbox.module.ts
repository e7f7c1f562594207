import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxDelivery } from './outbox-delivery.entity';
import { OutboxHandlerRegistry } from './outbox-handler.registry';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/**
 * Persisted deliveries (mail, logout tokens, webhooks) with retries and backoff. A module that
 * delivers registers a handler for its kind in OutboxHandlerRegistry and enqueues through
 * OutboxService, in its own transaction when it has one.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxDelivery])],
  providers: [OutboxService, OutboxHandlerRegistry, OutboxWorker],
  exports: [OutboxService, OutboxHandlerRegistry, OutboxWorker],
})
export class OutboxModule {}
