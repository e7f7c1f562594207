import { AuditEventType } from '../audit/audit-event-type';

/** Every audit event type may be subscribed to, exactly or by area (admin.user.*, security.*). */
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = Object.values(AuditEventType);

export function isValidEventPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return SUBSCRIBABLE_EVENT_TYPES.some((t) => t.startsWith(pattern.slice(0, -1)));
  return SUBSCRIBABLE_EVENT_TYPES.includes(pattern);
}

export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}
