import type { Request } from 'express';

/** Who is calling the admin API: an admin credential, or a client holding the admin scope. */
export type AdminPrincipal =
  { kind: 'credential'; credentialId: string; name: string } | { kind: 'client'; clientId: string };

export type AdminRequest = Request & { admin?: AdminPrincipal; id?: string };

/** How the principal appears as the actor of audit events. */
export function actorOf(principal: AdminPrincipal): string {
  return principal.kind === 'credential' ? `admin:${principal.credentialId}` : `client:${principal.clientId}`;
}
