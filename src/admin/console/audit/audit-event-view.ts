import type { AuditEventDto } from '../../audit/audit-event.dto';

export interface AuditEventView {
  id: string;
  occurredAt: string;
  /** For the datetime attribute of <time>. */
  occurredAtIso: string;
  type: string;
  isSecurity: boolean;
  actor: string;
  subject: string;
  details: string;
  ip: string;
}

/** A date and time as operators read it in a table: UTC, to the second. */
export function formatTimestamp(date: Date | string | null): string {
  if (date === null) return '';
  return `${new Date(date).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function formatDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function toAuditEventView(e: AuditEventDto): AuditEventView {
  return {
    id: e.id,
    occurredAt: formatTimestamp(e.occurred_at),
    occurredAtIso: new Date(e.occurred_at).toISOString(),
    type: e.type,
    isSecurity: e.type.startsWith('security.'),
    actor: e.actor ?? '',
    subject: e.subject ?? '',
    details: formatDetails(e.details),
    ip: e.ip ?? '',
  };
}
