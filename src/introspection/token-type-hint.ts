/**
 * The token_type_hint values this server knows (RFC 7009 §2.1, RFC 7662 §2.1): the two kinds
 * of token it issues that a client may hold. ID tokens are not revocable or introspectable here.
 */
export const TOKEN_TYPE_HINTS = ['access_token', 'refresh_token'] as const;

export type TokenTypeHint = (typeof TOKEN_TYPE_HINTS)[number];

export function isTokenTypeHint(value: string): value is TokenTypeHint {
  return (TOKEN_TYPE_HINTS as readonly string[]).includes(value);
}
