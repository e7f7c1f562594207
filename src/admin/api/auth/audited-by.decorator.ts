import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuditActor } from '../../../audit/audit-event-input';
import { actorOf, type AdminRequest } from '../../auth/admin-principal';

/** The audit actor of an admin request: the authenticated principal, its address and request id. */
export const AuditedBy = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor => {
  const req = context.switchToHttp().getRequest<AdminRequest>();
  return { actor: req.admin ? actorOf(req.admin) : null, ip: req.ip ?? null, requestId: req.id ?? null };
});
