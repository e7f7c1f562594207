import type { Request } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { actorOf } from '../../auth/admin-principal';

/** Who is using the console: an admin credential, or a user holding the admin role. */
export type ConsolePrincipal =
  | { kind: 'credential'; sessionId: string; credentialId: string; name: string }
  | { kind: 'account'; sessionId: string; userId: string; username: string };

export type ConsoleRequest = Request & { console?: ConsolePrincipal; id?: string };

/** The role a user needs to open the console with their own account. */
export const CONSOLE_ADMIN_ROLE = 'admin';

/** Same actor names as the admin API (admin:<credential id>) and the rest of the audit trail (user:<id>). */
export function consoleActorOf(principal: ConsolePrincipal): string {
  return principal.kind === 'credential'
    ? actorOf({ kind: 'credential', credentialId: principal.credentialId, name: principal.name })
    : `user:${principal.userId}`;
}

export function auditActorOf(req: ConsoleRequest): AuditActor {
  return { actor: req.console ? consoleActorOf(req.console) : null, ip: req.ip ?? null, requestId: req.id ?? null };
}

/** How the layout says who is signed in. */
export function principalLabel(principal: ConsolePrincipal): string {
  return principal.kind === 'credential'
    ? `Signed in with the admin token “${principal.name}”`
    : `Signed in as ${principal.username}`;
}
