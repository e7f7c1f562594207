// What String.prototype.toWellFormed replaces (this TypeScript target does not declare it).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as Postgres stores it: a lone UTF-16 surrogate becomes U+FFFD and NUL is dropped, in
 * strings and object keys at any depth. jsonb refuses both (an escaped lone surrogate, \u0000)
 * and text refuses NUL, so without this, a name or a JOSE header made of them would keep its
 * event out of the audit trail, and away from the webhooks that watch it.
 */
export function storableText(value: string): string {
  return value.replace(LONE_SURROGATE, '\ufffd').replaceAll('\u0000', '');
}

/** `value` with every string in it made storable (storableText). */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [storableText(key), storable(v)]));
}
