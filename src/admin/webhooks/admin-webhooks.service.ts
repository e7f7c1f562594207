import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { WebhookDelivery } from '../../webhooks/webhook-delivery.entity';
import type { WebhookSubscription } from '../../webhooks/webhook-subscription.entity';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { fieldsGiven } from '../http/fields-given';
import type {
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
  WebhookWithSecretDto,
} from './webhook.dto';

export const toWebhookDto = (s: WebhookSubscription): WebhookDto => ({
  id: s.id,
  url: s.url,
  event_types: s.eventTypes,
  description: s.description,
  enabled: s.enabled,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

export const toDeliveryDto = (d: WebhookDelivery): WebhookDeliveryDto => ({
  id: d.id,
  event_id: d.eventId,
  event_type: d.eventType,
  state: d.state,
  attempts: d.attempts,
  last_status: d.lastStatus,
  last_error: d.lastError,
  created_at: d.createdAt,
  last_attempt_at: d.lastAttemptAt,
  delivered_at: d.deliveredAt,
});

/** Webhook administration, audited (the secrets never reach the audit log). */
@Injectable()
export class AdminWebhooksService {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<WebhookDto[]> {
    return (await this.webhooks.list()).map(toWebhookDto);
  }

  async get(id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.webhooks.get(id));
  }

  async create(dto: CreateWebhookDto, by: AuditActor): Promise<WebhookWithSecretDto> {
    const { subscription, secret } = await this.webhooks.create({
      url: dto.url,
      eventTypes: dto.event_types,
      description: dto.description,
      enabled: dto.enabled,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.WebhookCreated,
      subject: subscription.id,
      // Only the origin: incoming-webhook URLs (chat services') often carry their secret in the path.
      details: { url_origin: new URL(subscription.url).origin, event_types: subscription.eventTypes },
    });
    return { webhook: toWebhookDto(subscription), secret };
  }

  async update(id: string, dto: UpdateWebhookDto, by: AuditActor): Promise<WebhookDto> {
    const subscription = await this.webhooks.update(id, {
      url: dto.url,
      eventTypes: dto.event_types,
      description: dto.description,
      enabled: dto.enabled,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.WebhookUpdated,
      subject: id,
      details: { fields: fieldsGiven(dto) },
    });
    return toWebhookDto(subscription);
  }

  async rotateSecret(id: string, by: AuditActor): Promise<{ secret: string }> {
    const secret = await this.webhooks.rotateSecret(id);
    await this.audit.record({ ...by, type: AuditEventType.WebhookSecretRotated, subject: id });
    return { secret };
  }

  async delete(id: string, by: AuditActor): Promise<void> {
    await this.webhooks.delete(id);
    await this.audit.record({ ...by, type: AuditEventType.WebhookDeleted, subject: id });
  }

  async deliveries(id: string): Promise<WebhookDeliveryDto[]> {
    return (await this.webhooks.deliveriesOf(id)).map(toDeliveryDto);
  }
}
