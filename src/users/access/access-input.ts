import { AccessError, AccessErrorCode } from './access.error';

export interface GroupInput {
  name: string;
  description?: string | null;
  parentId?: string | null;
  externalId?: string | null;
}

export interface RoleInput {
  name: string;
  /** Null or absent for a global role. */
  clientId?: string | null;
  description?: string | null;
}

/** Who a role is granted to: exactly one of them. */
export type RoleGrantee = { userId: string; groupId?: undefined } | { groupId: string; userId?: undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

// Names travel in claims as JSON strings: printable, no surrounding spaces, no control characters.
const NAME = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,253}[^\s\p{Cc}])?$/u;

export function assertValidName(name: unknown, code: AccessErrorCode, what: string): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new AccessError(code, `${what} name must be 1 to 255 printable characters without surrounding spaces`);
}

export function assertValidDescription(description: unknown, code: AccessErrorCode): void {
  if (description === undefined || description === null) return;
  if (typeof description !== 'string' || description.length > 1024)
    throw new AccessError(code, 'description must be a string of at most 1024 characters');
}
