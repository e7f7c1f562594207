import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';

// OIDC Core §3 word order, so that each response type has one spelling.
const RESPONSE_TYPE_WORDS = ['code', 'id_token', 'token'];

/** A response type's words in the canonical order of OIDC Core §3 ("code id_token token"). */
export function canonicalResponseType(value: string): string {
  const words = value.split(' ').filter((w) => w !== '');
  const known = RESPONSE_TYPE_WORDS.filter((w) => words.includes(w));
  return [...known, ...words.filter((w) => !RESPONSE_TYPE_WORDS.includes(w))].join(' ');
}

/** Every response type some grant goes with, in the order the grants declare them. */
export function responseTypesOf(grants: readonly GrantTypeDeclaration[]): string[] {
  return [...new Set(grants.flatMap((g) => g.responseTypes))];
}

/** OIDC Registration §2: the grant types a client must be registered for to use a response type. */
export function grantTypesFor(grants: readonly GrantTypeDeclaration[], responseType: string): string[] {
  const canonical = canonicalResponseType(responseType);
  return grants.filter((g) => g.responseTypes.includes(canonical)).map((g) => g.grantType);
}

/** RFC 9700 §2.1.2: the response types that put an access token in the front channel. */
export const returnsFrontChannelAccessToken = (responseType: string): boolean =>
  responseType.split(' ').includes('token');
