/**
 * What a grant type demands of the clients that use it. Each grant declares this beside its
 * handler (src/token/grants); client validation, the admin API and console, the CLI, dynamic
 * registration and discovery all read those declarations instead of lists of their own.
 */
export interface GrantTypeDeclaration {
  /** The grant_type value (RFC 6749 §4, or an extension URI). */
  readonly grantType: string;
  /** For people: the admin console's label and help text. */
  readonly label: string;
  readonly help: string;
  /** Served through the browser, back to a redirect URI (RFC 6749 §3.1.2). */
  readonly needsRedirectUris: boolean;
  /** Only for clients that authenticate (e.g. RFC 6749 §4.4 client credentials). */
  readonly confidentialOnly: boolean;
  /** A client may ask for it through dynamic registration (RFC 7591); else only an operator may grant it. */
  readonly registrable: boolean;
  /** Its tokens may come with a refresh token, so refresh_token makes sense beside it. */
  readonly yieldsRefreshTokens: boolean;
  /**
   * The response types that need this grant (OIDC Registration §2): code needs
   * authorization_code, id_token and token need implicit, a hybrid response type both.
   */
  readonly responseTypes: readonly string[];
}
