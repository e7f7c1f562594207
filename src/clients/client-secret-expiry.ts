import { ClientsError, ClientsErrorCode } from './clients.error';

/**
 * A secret set to expire at a moment already past locks its client out at once, so an expiry
 * that is set must lie ahead. One that passed on its own and that a change leaves as it was (a
 * client sent back as it was read) is no new expiry, and stays.
 */
export function assertSecretExpiryAhead(field: string, expiresAt: Date | null, before: Date | null = null): void {
  if (expiresAt === null || (before !== null && expiresAt.getTime() === before.getTime())) return;
  if (!(expiresAt.getTime() > Date.now()))
    throw new ClientsError(
      ClientsErrorCode.InvalidClientMetadata,
      `${field} must be a date in the future, or null for a secret that never expires`,
    );
}

/**
 * The end of a secret an update issues: what the update set, else none. The old secret's end,
 * kept unchanged (or sent back as read), would otherwise bound, or have already expired, the new one.
 */
export function newSecretExpiry(expiresAt: Date | null, before: Date | null): Date | null {
  if (expiresAt === null || (before !== null && expiresAt.getTime() === before.getTime())) return null;
  return expiresAt;
}
