import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-statement';
import { AuditEvent } from './audit-event.entity';
import type { AuditEventInput, AuditEventQuery } from './audit-event-input';
import { storable, storableText } from './storable-text';
import { withoutSecrets } from './without-secrets';

/** An event as stored, handed to listeners (webhooks) after it is written. */
export interface RecordedAuditEvent {
  id: string;
  type: string;
  actor: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export type AuditListener = (event: RecordedAuditEvent) => Promise<void>;

export interface AuditEventList {
  events: AuditEvent[];
  total: number;
}

const MAX_PAGE = 200;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  private readonly listeners: AuditListener[] = [];

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Called after each event is stored; a failing listener is logged, never the caller's failure. */
  onRecorded(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  /**
   * Stores one event. It never throws: a change that happened must not be reported as failed
   * because its audit row could not be written, so a failure is logged instead. Whatever text it
   * holds is made storable first (storable-text.ts), so no input can keep its event out.
   */
  async record(event: AuditEventInput): Promise<void> {
    let stored: RecordedAuditEvent;
    try {
      const details = storable(withoutSecrets(event.details ?? {})) as Record<string, unknown>;
      const actor = event.actor ? storableText(event.actor).slice(0, 255) : null;
      const subject = event.subject ? storableText(event.subject).slice(0, 255) : null;
      // On every sign-in: a prepared INSERT rather than TypeORM's insert builder (docs/performance.md).
      const [row] = await preparedQuery<{ id: string; occurred_at: Date }>(
        this.events.manager.connection,
        'audit_events_insert',
        `INSERT INTO audit_events (type, actor, subject, details, ip, request_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, occurred_at`,
        [
          event.type,
          actor,
          subject,
          JSON.stringify(details),
          event.ip?.slice(0, 64) ?? null,
          event.requestId?.slice(0, 64) ?? null,
        ],
      );
      stored = { id: String(row.id), type: event.type, actor, subject, details, createdAt: row.occurred_at };
    } catch (error) {
      this.logger.warn({ err: error, type: event.type }, 'Could not record an audit event');
      return;
    }
    for (const listener of this.listeners) {
      await listener(stored).catch((error: unknown) =>
        this.logger.warn({ err: error, type: event.type }, 'An audit listener failed'),
      );
    }
  }

  /** Newest first; `type` may name an area (`security.*`); `from` is inclusive, `to` exclusive. */
  async list(query: AuditEventQuery = {}): Promise<AuditEventList> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 50)));
    const qb = this.events.createQueryBuilder('e').orderBy('e.occurredAt', 'DESC').addOrderBy('e.id', 'DESC');
    if (query.type?.endsWith('.*')) {
      qb.andWhere('e.type LIKE :type', { type: `${escapeLike(query.type.slice(0, -1))}%` });
    } else if (query.type) {
      qb.andWhere('e.type = :type', { type: query.type });
    }
    if (query.actor) qb.andWhere('e.actor = :actor', { actor: query.actor });
    if (query.subject) qb.andWhere('e.subject = :subject', { subject: query.subject });
    if (query.from) qb.andWhere('e.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurredAt < :to', { to: query.to });
    const [events, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { events, total };
  }
}
