/** Longer identifiers are refused, as a bound on what requests and rows carry. */
export const MAX_RESOURCE_IDENTIFIER_LENGTH = 2048;

/**
 * RFC 8707 §2: a resource indicator is an absolute URI (RFC 3986 §4.3) and must not include a
 * fragment. A query is allowed (the RFC advises against one, but recognises it may be needed).
 */
export function isResourceIdentifier(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_RESOURCE_IDENTIFIER_LENGTH || value.includes('#')) return false;
  // URL accepts leading and trailing spaces and fixes up some malformed input: the value must be exactly a URI.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
