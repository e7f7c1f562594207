import type { Request } from 'express';
import type { AuditActor } from '../audit/audit-event-input';

/** Who acts on a self-service page before anyone is known: the address, as audit records it. */
export function actorOf(req: Request & { id?: string }): AuditActor {
  return { actor: `ip:${req.ip}`, ip: req.ip ?? null, requestId: req.id ?? null };
}
