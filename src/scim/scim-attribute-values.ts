import { invalidValue } from './scim-error';

/*
 * RFC 7643 §2.3: each attribute has a type, and a value of another type is refused
 * (invalidValue), never stored as something else. null is an unassigned value (§2.5).
 */

export const MAX_EXTERNAL_ID = 255;

/** A string attribute; null clears it. */
export function stringOrNull(value: unknown, attribute: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalidValue(`${attribute} must be a string`);
  return value;
}

/** A boolean attribute; also "True" and "False", as Entra ID sends them. */
export function booleanOf(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`${attribute} must be a boolean`);
}

/** A complex attribute: a JSON object of sub-attributes. */
export function complexOf(value: unknown, attribute: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidValue(`${attribute} must be an object`);
  return value as Record<string, unknown>;
}

/** A multi-valued attribute: an array; null is none. */
export function multiValuedOf(value: unknown, attribute: string): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw invalidValue(`${attribute} must be an array`);
  return value;
}

/** externalId (RFC 7643 §3.1): the provisioning system's id, in a column of 255 characters. */
export function externalIdOf(value: unknown): string | null {
  const id = stringOrNull(value, 'externalId');
  if (id !== null && id.length > MAX_EXTERNAL_ID)
    throw invalidValue(`externalId must be at most ${MAX_EXTERNAL_ID} characters`);
  return id;
}
