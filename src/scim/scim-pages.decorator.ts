import { applyDecorators, createParamDecorator, ExecutionContext, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuditActor } from '../audit/audit-event-input';
import { ScimAuthGuard, type ScimRequest } from './scim-auth.guard';
import { ScimExceptionFilter } from './scim-exception.filter';

/** A /scim/v2 controller: bearer-authenticated, errors as SCIM error bodies, outside the admin API document. */
export function ScimEndpoint(): ClassDecorator {
  return applyDecorators(ApiExcludeController(), UseGuards(ScimAuthGuard), UseFilters(ScimExceptionFilter));
}

/** Who changed something through SCIM, for the audit log: scim:<token id>. */
export const ScimActor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor => {
  const req = context.switchToHttp().getRequest<ScimRequest>();
  return {
    actor: `scim:${req.scimToken?.id ?? 'unknown'}`,
    ip: req.ip ?? null,
    requestId: String(req.id ?? '') || null,
  };
});
