import { Injectable } from '@nestjs/common';
import { clientDefaults, type ClientMetadataInput } from '../clients/client-input';
import type { Client } from '../clients/client.entity';
import { assertValidClientMetadata } from '../clients/client-metadata.validation';
import { clientSecretMatches, generateClientId } from '../clients/client-secret';
import { ClientsError, ClientsErrorCode } from '../clients/clients.error';
import { ClientsService } from '../clients/clients.service';
import { OAuthErrors } from '../common/errors/oauth-error';
import { AppConfig } from '../config/app-config';
import { AuthorizationConfig } from '../config/authorization.config';
import { RegistrationConfig } from '../config/registration.config';
import { ScopesService } from '../scopes/scopes.service';
import { GRANT_TYPES } from '../token/grants/grant-types';
import { hashToken, newOpaqueToken } from '../token/opaque-token';
import type { ClientRegistrationRequest } from './client-registration.request';
import { clientInformationResponse, type ClientInformationResponse } from './client-registration.response';
import { InitialAccessTokenService } from './initial-access-token.service';
import type { PresentedInitialAccessToken, PresentedRegistration } from './registration-http-request';
import { registeredMetadata, type RegisteredMetadata, type RegistrationDefaults } from './registered-metadata';

export const REGISTRATION_PATH = '/oauth2/register';

// Scopes that give power over the server itself: an operator may grant them, a registrant may not ask.
const RESERVED_SCOPES = new Set(['admin']);
// OIDC Core §3.1.2.1 and §11: scopes for a signed-in user, which need no claims to be one.
const USER_ONLY_SCOPES = ['openid', 'offline_access'];

/**
 * The policy every dynamically registered client starts with: PKCE required of public clients
 * (RFC 9700 §2.1.1); confidential clients may use it (S256 only, and then it is enforced) or rely
 * on the OpenID nonce as that section allows, as certified RPs registering with their own defaults
 * do (mod_auth_openidc, the OpenID conformance suite). Consent as REGISTRATION_CONSENT_POLICY
 * says (once by default, so prompt=none works after the user has consented), no introspection of
 * other clients' tokens. Updates through RFC 7592 do not touch it, so an operator's later change holds.
 */
const registeredClientPolicy = (
  config: RegistrationConfig,
  metadata: ClientMetadataInput,
): Pick<ClientMetadataInput, 'requirePkce' | 'allowPlainPkce' | 'consentPolicy' | 'isResourceServer'> => ({
  requirePkce: metadata.tokenEndpointAuthMethod === 'none',
  allowPlainPkce: false,
  consentPolicy: config.consentPolicy,
  isResourceServer: false,
});

/** Dynamic client registration (RFC 7591) and management (RFC 7592) on top of the clients module. */
@Injectable()
export class ClientRegistrationService {
  constructor(
    private readonly clients: ClientsService,
    private readonly scopes: ScopesService,
    private readonly initialAccessTokens: InitialAccessTokenService,
    private readonly config: AppConfig,
    private readonly settings: RegistrationConfig,
    private readonly authorization: AuthorizationConfig,
  ) {}

  /**
   * RFC 7591 §3.2.1. `initialAccessToken` is the verified initial access token, when one was
   * presented: it is spent only when everything else has been checked, and the API scopes it
   * allows may be registered.
   */
  async register(
    request: ClientRegistrationRequest,
    initialAccessToken?: PresentedInitialAccessToken,
  ): Promise<ClientInformationResponse> {
    const clientId = generateClientId();
    const metadata = registeredMetadata(request, clientId, await this.defaults());
    await this.assertRegistrableScopes(metadata, initialAccessToken?.scopes ?? []);
    const initialAccessTokenId = initialAccessToken?.id;
    const client = { ...clientDefaults(), ...registeredClientPolicy(this.settings, metadata), ...metadata };
    rethrowAsRegistrationError(() => assertValidClientMetadata(client, GRANT_TYPES));

    if (initialAccessTokenId !== undefined && !(await this.initialAccessTokens.redeem(initialAccessTokenId)))
      throw OAuthErrors.invalidToken('the initial access token is invalid, expired, revoked or used up');
    const registrationAccessToken = newOpaqueToken();
    try {
      const issued = await this.clients.create({
        ...client,
        clientId,
        registrationAccessTokenHash: hashToken(registrationAccessToken),
        adminApproved: this.settings.approval === 'automatic',
      });
      return clientInformationResponse(issued.client, this.clientUri(clientId), {
        clientSecret: issued.clientSecret,
        registrationAccessToken,
      });
    } catch (error) {
      if (initialAccessTokenId !== undefined) await this.initialAccessTokens.release(initialAccessTokenId);
      throw registrationError(error);
    }
  }

  /**
   * RFC 7592 §2.1: the current registration, without the client secret; with the registration
   * access token the request presented, which §3 requires in every client information response.
   */
  read({ client, registrationAccessToken }: PresentedRegistration): ClientInformationResponse {
    return clientInformationResponse(client, this.clientUri(client.clientId), { registrationAccessToken });
  }

  /**
   * RFC 7592 §2.2: the request replaces the registration; omitted fields return to their
   * defaults. A new secret is issued (and shown once) only when the client moves to a
   * secret-based authentication method; the registration access token stays the same.
   */
  async update(
    { client, registrationAccessToken }: PresentedRegistration,
    request: ClientRegistrationRequest,
  ): Promise<ClientInformationResponse> {
    if (request.client_id !== client.clientId)
      throw OAuthErrors.invalidClientMetadata('client_id must be given and be the client being updated');
    // RFC 7592 §2.2: a client may repeat its secret but never choose one.
    if (
      typeof request.client_secret === 'string' &&
      !clientSecretMatches(request.client_secret, client.clientSecretHash)
    )
      throw OAuthErrors.invalidClientMetadata('client_secret must be the current secret; a client cannot choose one');
    const metadata = registeredMetadata(request, client.clientId, await this.defaults());
    // A client may raise its own security but not lower what it (or an administrator) set: once
    // on, require_mfa stays on through updates that omit it or say false (RFC 7591 §3.2.1 lets
    // the server replace a value; the response shows it). Only an administrator turns it off.
    metadata.requireMfa ||= client.requireMfa;
    // RFC 7592 §2.2: no initial access token here; the API scopes it was given stay registrable.
    await this.assertRegistrableScopes(metadata, client.allowedScopes);
    try {
      // The registration is no longer what an administrator may have approved (unless approval is automatic).
      const bySelf = this.settings.approval === 'manual';
      const { client: updated, clientSecret } = await this.clients.update(client.clientId, metadata, { bySelf });
      return clientInformationResponse(updated, this.clientUri(client.clientId), {
        clientSecret,
        registrationAccessToken,
      });
    } catch (error) {
      throw registrationError(error);
    }
  }

  /** RFC 7592 §2.3: the client goes, and with it (ON DELETE CASCADE) its grants, codes, tokens and consents. */
  async delete(client: Client): Promise<void> {
    try {
      await this.clients.delete(client.clientId);
    } catch (error) {
      throw registrationError(error);
    }
  }

  private clientUri(clientId: string): string {
    return `${this.config.issuer}${REGISTRATION_PATH}/${encodeURIComponent(clientId)}`;
  }

  /** REGISTRATION_DEFAULT_SCOPES that exist (an operator may have deleted one, say phone) and IMPLICIT_ACCESS_TOKENS. */
  private async defaults(): Promise<RegistrationDefaults> {
    const wanted = this.settings.defaultScopes;
    const known = new Set((await this.scopes.findByNames(wanted)).map((s) => s.name));
    return {
      scopesWhenOmitted: wanted.filter((s) => known.has(s)),
      implicitAccessTokens: this.authorization.implicitAccessTokens,
    };
  }

  /**
   * What a registrant may ask for: the user scopes (openid, offline_access and those releasing
   * claims, each needing the user's consent) and REGISTRATION_DEFAULT_SCOPES; an API scope only
   * when `apiScopesAllowed` names it (the initial access token's scopes, or on an update the
   * client's own). Reserved scopes never; unknown ones are invalid_client_metadata.
   */
  private async assertRegistrableScopes(
    { allowedScopes }: RegisteredMetadata,
    apiScopesAllowed: readonly string[],
  ): Promise<void> {
    const reserved = allowedScopes.filter((s) => RESERVED_SCOPES.has(s));
    if (reserved.length > 0)
      throw OAuthErrors.invalidClientMetadata(`scope: ${reserved.join(' ')} cannot be registered dynamically`);
    const known = new Map((await this.scopes.findByNames(allowedScopes)).map((s) => [s.name, s]));
    const unknown = allowedScopes.filter((s) => !known.has(s));
    if (unknown.length > 0) throw OAuthErrors.invalidClientMetadata(`scope: unknown scope ${unknown.join(' ')}`);
    const api = allowedScopes.filter(
      (s) =>
        !USER_ONLY_SCOPES.includes(s) &&
        known.get(s)!.claims.length === 0 &&
        !this.settings.defaultScopes.includes(s) &&
        !apiScopesAllowed.includes(s),
    );
    if (api.length > 0)
      throw OAuthErrors.invalidClientMetadata(
        `scope: ${api.join(' ')} can be registered only with an initial access token that allows it`,
      );
  }
}

function rethrowAsRegistrationError(check: () => void): void {
  try {
    check();
  } catch (error) {
    throw registrationError(error);
  }
}

/** The clients module's refusals as RFC 7591 §3.2.2 errors; anything else stays a server error. */
function registrationError(error: unknown): unknown {
  if (!(error instanceof ClientsError)) return error;
  switch (error.code) {
    case ClientsErrorCode.InvalidRedirectUri:
      return OAuthErrors.invalidRedirectUri(error.message);
    case ClientsErrorCode.InvalidClientMetadata:
      return OAuthErrors.invalidClientMetadata(error.message);
    case ClientsErrorCode.ClientNotFound:
      // Deleted while this request was under way: the token no longer names a client.
      return OAuthErrors.invalidToken('the registration access token is not valid for this client');
    case ClientsErrorCode.ClientIdTaken:
    case ClientsErrorCode.NoClientSecret:
      return error;
  }
}
