/**
 * The response types this server answers, each in the canonical word order of OIDC Core §3
 * ("code id_token token"): the authorization code flow, the implicit flow (OIDC Core §3.2 and
 * RFC 6749 §4.2), the hybrid flow (OIDC Core §3.3) and `none` (OAuth 2.0 Multiple Response Types
 * §4: the user signs in and consents, and the RP gets back only state and iss).
 */
export const RESPONSE_TYPES = [
  'code',
  'id_token',
  'id_token token',
  'code id_token',
  'code token',
  'code id_token token',
  'token',
  'none',
] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

const WORDS = ['code', 'id_token', 'token'];

/**
 * RFC 6749 §3.1.1: the order of the words of a response type does not matter ("token code" is
 * "code token"). Undefined for anything this server does not know: a word it does not know, a
 * repeated word, or none.
 */
export function parseResponseType(value: string | undefined): ResponseType | undefined {
  if (value === undefined) return undefined;
  const words = value.split(' ').filter((w) => w !== '');
  // Multiple Response Types §4: none stands alone.
  if (words.length === 1 && words[0] === 'none') return 'none';
  if (new Set(words).size !== words.length || words.some((w) => !WORDS.includes(w))) return undefined;
  const canonical = WORDS.filter((w) => words.includes(w)).join(' ');
  return (RESPONSE_TYPES as readonly string[]).includes(canonical) ? (canonical as ResponseType) : undefined;
}

export const returnsCode = (type: ResponseType): boolean => type.split(' ').includes('code');
export const returnsIdToken = (type: ResponseType): boolean => type.split(' ').includes('id_token');
export const returnsAccessToken = (type: ResponseType): boolean => type.split(' ').includes('token');

/** Whether the authorization response itself carries a token (everything but the code flow). */
export const returnsTokens = (type: ResponseType): boolean => returnsIdToken(type) || returnsAccessToken(type);
