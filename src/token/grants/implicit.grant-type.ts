import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';

/**
 * RFC 6749 §4.2 and OIDC Core §3.2: the implicit grant has no token endpoint handler, its tokens
 * come from the authorization endpoint. Declared here all the same, for the response types that
 * need it and everyone who reads the declarations.
 */
export const IMPLICIT_GRANT_TYPE: GrantTypeDeclaration = {
  grantType: 'implicit',
  label: 'Implicit',
  help: 'Tokens straight from the browser redirect (id_token; access tokens only with IMPLICIT_ACCESS_TOKENS). Hybrid response types need it beside the authorization code.',
  needsRedirectUris: true,
  confidentialOnly: false,
  registrable: true,
  // RFC 6749 §4.2.2: no refresh token through the front channel.
  yieldsRefreshTokens: false,
  responseTypes: ['id_token', 'token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
};
