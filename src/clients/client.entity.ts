import type { JSONWebKeySet } from 'jose';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TokenExchangePolicy } from './token-exchange-policy';

export type TokenEndpointAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';
export type ConsentPolicy = 'always' | 'once' | 'skip';
export type AccessTokenFormat = 'opaque' | 'jwt';
/** OIDC Core §8: every client sees a user's own id (public), or a sub of its sector alone (pairwise). */
export type SubjectType = 'public' | 'pairwise';
export type ApplicationType = 'web' | 'native';
export const APPLICATION_TYPES: readonly ApplicationType[] = ['web', 'native'];

@Entity('clients')
export class Client {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  clientId: string;

  /** SHA-256 of a server-generated 256-bit secret (hex); null for public and private_key_jwt clients. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientSecretHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  clientSecretExpiresAt: Date | null;

  /**
   * client_secret_jwt only (RFC 7523 §2.2): the secret itself, AES-256-GCM under
   * KEY_ENCRYPTION_SECRET (ClientSecretSealer), since an HMAC is verified with the secret, not its hash.
   */
  @Column({ type: 'text', nullable: true })
  clientSecretEncrypted: string | null;

  @Column({ type: 'varchar', length: 255 })
  clientName: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  logoUri: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  postLogoutRedirectUris: string[];

  @Column({ type: 'text', array: true, default: () => "'{authorization_code}'" })
  grantTypes: string[];

  @Column({ type: 'text', array: true, default: () => "'{code}'" })
  responseTypes: string[];

  /** The scopes this client may ask for. */
  @Column({ type: 'text', array: true, default: () => "'{openid}'" })
  allowedScopes: string[];

  /** Granted when an authorization request names no scope. */
  @Column({ type: 'text', array: true, default: () => "'{openid}'" })
  defaultScopes: string[];

  @Column({ type: 'varchar', length: 32, default: 'client_secret_basic' })
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;

  /** RFC 7591 §2: pages about the client, shown to the user when it asks for consent. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  clientUri: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  policyUri: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  tosUri: string | null;

  /** RFC 7591 §2: people responsible for the client, typically email addresses. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  contacts: string[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  softwareId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  softwareVersion: string | null;

  @Column({ type: 'jsonb', nullable: true })
  jwks: JSONWebKeySet | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  jwksUri: string | null;

  @Column({ type: 'boolean', default: true })
  requirePkce: boolean;

  @Column({ type: 'boolean', default: false })
  allowPlainPkce: boolean;

  @Column({ type: 'varchar', length: 8, default: 'always' })
  consentPolicy: ConsentPolicy;

  @Column({ type: 'varchar', length: 8, default: 'opaque' })
  accessTokenFormat: AccessTokenFormat;

  /** Lifetimes in seconds; null means the server default. */
  @Column({ type: 'integer', nullable: true })
  accessTokenTtl: number | null;

  @Column({ type: 'integer', nullable: true })
  refreshTokenTtl: number | null;

  @Column({ type: 'integer', nullable: true })
  idTokenTtl: number | null;

  /** Resource servers may introspect tokens issued to other clients. */
  @Column({ type: 'boolean', default: false })
  isResourceServer: boolean;

  /**
   * RP-initiated logout revokes the tokens this client got from the ended browser session, so
   * signing out of the server also cuts off this client's access.
   */
  @Column({ type: 'boolean', default: true })
  revokeTokensOnLogout: boolean;

  /** OIDC Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed when a session it was part of ends. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  backchannelLogoutUri: string | null;

  /** OIDC Back-Channel Logout 1.0 §2.2: its logout tokens must carry sid. */
  @Column({ type: 'boolean', default: false })
  backchannelLogoutSessionRequired: boolean;

  /** OIDC Front-Channel Logout 1.0 §2: loaded in an iframe of the signed-out page when a session it was part of ends there. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  frontchannelLogoutUri: string | null;

  /** OIDC Front-Channel Logout 1.0 §2: the iframe URL must carry iss and sid. */
  @Column({ type: 'boolean', default: false })
  frontchannelLogoutSessionRequired: boolean;

  /** Which token exchanges (RFC 8693) the client may make; null: none. */
  @Column({ type: 'jsonb', nullable: true })
  tokenExchangePolicy: TokenExchangePolicy | null;

  /** SHA-256 (hex) of the RFC 7592 registration access token; null for clients not registered dynamically. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  registrationAccessTokenHash: string | null;

  /**
   * An administrator vouches for this client (RFC 9700 §4.11.2). Clients made through the admin
   * API, console or CLI are; dynamically registered ones are not until an administrator approves
   * them. Until then the server never sends a browser to them without the user's say-so.
   */
  @Column({ type: 'boolean', default: false })
  adminApproved: boolean;

  /** RFC 9126 §6: authorization requests only through the PAR endpoint. */
  @Column({ type: 'boolean', default: false })
  requirePushedAuthorizationRequests: boolean;

  /** RFC 9101 §10.5: authorization requests only as a request object (signed, unless alg none is registered). */
  @Column({ type: 'boolean', default: false })
  requireSignedRequestObject: boolean;

  /** OIDC Registration §2: the one alg its request objects use; null: any asymmetric one; 'none': unsigned allowed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  requestObjectSigningAlg: string | null;

  /**
   * OIDC Registration §2 userinfo_signed_response_alg: userinfo answers as a JWT signed with this
   * alg (OIDC Core §5.3.2); null: as JSON.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  userinfoSignedResponseAlg: string | null;

  /**
   * OIDC Registration §2 id_token_signed_response_alg: its ID Tokens (and logout tokens) are
   * signed with this alg; null: with the active key's, whatever it is.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  idTokenSignedResponseAlg: string | null;

  /**
   * OIDC Registration §2 token_endpoint_auth_signing_alg: the one alg its client assertions
   * (private_key_jwt, client_secret_jwt) may be signed with; null: any of its method's.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  tokenEndpointAuthSigningAlg: string | null;

  /**
   * OIDC Registration §2 initiate_login_uri (OIDC Core §4): where a third party sends a browser to
   * have the client start a login here. Registered and shown; this server never calls it.
   */
  @Column({ type: 'text', nullable: true })
  initiateLoginUri: string | null;

  /** OIDC Registration §2: request_uri values outside this server the client may send (fetched with the outbound client). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  requestUris: string[];

  /**
   * FAPI 2.0 Security Profile (docs/security.md): PAR, PKCE S256, private_key_jwt with PS256 or
   * ES256, response type code only, codes of at most 60 seconds.
   */
  @Column({ type: 'boolean', default: false })
  fapi2SecurityProfile: boolean;

  /** RFC 9449 §5.2 dpop_bound_access_tokens: every token request must carry a DPoP proof. */
  @Column({ type: 'boolean', default: false })
  dpopBoundAccessTokens: boolean;

  /**
   * OIDC Registration §2: web (the default) or native. Dynamic registration gives a web client
   * the implicit flow only with https redirect URIs (registered-metadata.ts).
   */
  @Column({ type: 'varchar', length: 8, default: 'web' })
  applicationType: ApplicationType;

  /** OIDC Core §8: the sub this client's users have (see SubjectIdentifiers). */
  @Column({ type: 'varchar', length: 8, default: 'public' })
  subjectType: SubjectType;

  /**
   * OIDC Core §8.1: an https URL of a JSON array listing every redirect URI of the client; its
   * host is the sector pairwise subjects are computed for. Clients sharing it share their subs.
   */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  sectorIdentifierUri: string | null;

  /** Every sign-in for this client needs a second factor (docs/second-factors.md). */
  @Column({ type: 'boolean', default: false })
  requireMfa: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  get isPublic(): boolean {
    return this.tokenEndpointAuthMethod === 'none';
  }
}
