import { Injectable } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_KIND } from '../../logout-channels/backchannel-logout.payload';
import type { OutboxDelivery } from '../../outbox/outbox-delivery.entity';
import { OutboxService } from '../../outbox/outbox.service';
import { Page, pageBounds } from '../http/page.dto';
import type { OutboxDeliveryDto, OutboxQueryDto } from './outbox-delivery.dto';

/** Payloads may carry links and tokens: the API shows what identifies a delivery, not its content. */
function summaryOf(d: OutboxDelivery): string | undefined {
  const { to, subject, client_id } = d.payload as { to?: unknown; subject?: unknown; client_id?: unknown };
  if (d.kind === BACKCHANNEL_LOGOUT_KIND && typeof client_id === 'string') return `logout token to client ${client_id}`;
  return d.kind === 'mail' && typeof to === 'string' ? `to ${to}: ${String(subject)}` : undefined;
}

const toDto = (d: OutboxDelivery): OutboxDeliveryDto => ({
  id: d.id,
  kind: d.kind,
  state: d.state,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_error: d.lastError,
  delivered_to: d.deliveredTo,
  created_at: d.createdAt,
  delivered_at: d.deliveredAt,
  summary: summaryOf(d),
});

@Injectable()
export class AdminOutboxService {
  constructor(private readonly outbox: OutboxService) {}

  async list(query: OutboxQueryDto): Promise<Page<OutboxDeliveryDto>> {
    const { offset, limit } = pageBounds(query, 50);
    const { items, total } = await this.outbox.list({ state: query.state, kind: query.kind, offset, limit });
    return { items: items.map(toDto), total, offset, limit };
  }
}
