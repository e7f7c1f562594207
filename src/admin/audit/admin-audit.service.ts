import { Injectable } from '@nestjs/common';
import type { AuditEvent } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { Page, pageBounds } from '../http/page.dto';
import type { AuditEventDto, AuditEventQueryDto } from './audit-event.dto';

const toAuditEventDto = (e: AuditEvent): AuditEventDto => ({
  id: e.id,
  occurred_at: e.occurredAt,
  type: e.type,
  actor: e.actor,
  subject: e.subject,
  details: e.details,
  ip: e.ip,
  request_id: e.requestId,
});

@Injectable()
export class AdminAuditService {
  constructor(private readonly audit: AuditService) {}

  async list(query: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    const { offset, limit } = pageBounds(query, 50);
    const { events, total } = await this.audit.list({ ...query, offset, limit });
    return { items: events.map(toAuditEventDto), total, offset, limit };
  }
}
