import type { Request } from 'express';
import type { AuditEventInput } from '../../audit/audit-event-input';

/** An event of the signed-in user about their own sign-in methods, from the request that made it. */
export function ownFactorEvent(
  req: Request & { id?: string },
  userId: string,
  type: string,
  details: Record<string, unknown>,
): AuditEventInput {
  return { actor: `user:${userId}`, type, subject: userId, ip: req.ip ?? null, requestId: req.id ?? null, details };
}
