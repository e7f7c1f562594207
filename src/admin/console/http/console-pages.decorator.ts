import { applyDecorators, createParamDecorator, ExecutionContext, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { ConsoleAuthGuard } from '../auth/console-auth.guard';
import { auditActorOf, type ConsoleRequest } from '../auth/console-principal';
import { ConsoleExceptionFilter } from './console-exception.filter';

/** A controller of console pages: not in the API document, behind a console session, errors as pages. */
export function ConsolePages(): ClassDecorator {
  return applyDecorators(ApiExcludeController(), UseGuards(ConsoleAuthGuard), UseFilters(ConsoleExceptionFilter));
}

/** The audit actor of a console request: the signed-in credential or user, the address, the request id. */
export const ConsoleActor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor =>
  auditActorOf(context.switchToHttp().getRequest<ConsoleRequest>()),
);
