import { Injectable } from '@nestjs/common';
import { authenticatesWithAssertion } from './client-assertion-algs';
import { decodeJwt } from 'jose';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';
import type { Client, TokenEndpointAuthMethod } from './client.entity';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { ClientNotProven } from './client-not-proven.error';
import { clientSecretMatches } from './client-secret';
import { ClientsService } from './clients.service';
import {
  presentedCredentials,
  usedAuthorizationHeader,
  type ClientAuthenticationRequest,
  type PresentedCredentials,
} from './presented-credentials';

/** Every token_endpoint_auth_method this server verifies (RFC 8414 §2, OIDC Core §9). */
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
] as const satisfies readonly TokenEndpointAuthMethod[];

/** RFC 6749 §5.2 invalid_client, for every credential that does not prove a client (ClientNotProven). */
export const CLIENT_NOT_AUTHENTICATED = 'client authentication failed';

/**
 * Client authentication at the token, introspection, revocation and device authorization
 * endpoints (RFC 6749 §2.3, OIDC Core §9). Every failure is invalid_client (401); RFC 6749 §5.2
 * wants a Basic challenge when the client tried the Authorization header. Whether the client is
 * unknown, registered for another method, or sent a wrong secret or a foreign signature, the
 * answer is one and the same (status, body, headers): it must not tell who is registered, or how.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly clients: ClientsService,
    private readonly assertions: ClientAssertionVerifier,
    private readonly audit: AuditService,
  ) {}

  /** `audience`: the values a client assertion's aud may hold, e.g. the endpoint URL and the issuer. */
  async authenticate(request: ClientAuthenticationRequest, audience: string[]): Promise<Client> {
    try {
      return await this.verify(request, audience);
    } catch (e) {
      const challenge = usedAuthorizationHeader(request) ? 'Basic' : undefined;
      const refusal =
        e instanceof ClientNotProven ? OAuthErrors.invalidClient(CLIENT_NOT_AUTHENTICATED, { challenge }) : e;
      if (refusal instanceof OAuthError && refusal.error === 'invalid_client') {
        const claimed = (request.body as Record<string, unknown> | undefined)?.client_id;
        void this.audit.record({
          type: AuditEventType.ClientAuthFailed,
          actor: request.ip ? `ip:${request.ip}` : null,
          subject: typeof claimed === 'string' ? claimed : null,
          ip: request.ip ?? null,
          details: { reason: e instanceof ClientNotProven ? e.reason : refusal.errorDescription },
        });
      }
      throw refusal;
    }
  }

  private async verify(request: ClientAuthenticationRequest, audience: string[]): Promise<Client> {
    const challenge = usedAuthorizationHeader(request) ? 'Basic' : undefined;
    const presented = presentedCredentials(request);
    const clientId = presented.method === 'client_assertion' ? assertionSubject(presented) : presented.clientId;
    const client = await this.clients.findById(clientId);
    if (!client) throw new ClientNotProven('unknown client');
    if (!isRegisteredMethod(client.tokenEndpointAuthMethod, presented))
      throw new ClientNotProven(`this client must authenticate with ${client.tokenEndpointAuthMethod}`);

    switch (presented.method) {
      case 'client_secret_basic':
      case 'client_secret_post':
        if (!clientSecretMatches(presented.clientSecret, client.clientSecretHash))
          throw new ClientNotProven('invalid client secret');
        // The secret matched: only the client's holder learns it has expired.
        if (client.clientSecretExpiresAt && client.clientSecretExpiresAt.getTime() <= Date.now())
          throw OAuthErrors.invalidClient('the client secret has expired', { challenge });
        return client;
      case 'client_assertion':
        // private_key_jwt, or client_secret_jwt (RFC 7523 §2.2): an HMAC under the client secret.
        await this.assertions.verify(client, presented.assertion, audience);
        return client;
      case 'none':
        return client;
    }
  }
}

const SECRET_METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post'];

/**
 * A client assertion is the registered client's private_key_jwt or client_secret_jwt; the other
 * methods name themselves, but a client registered to send its secret takes either way of
 * sending it: RFC 6749 §2.3.1 says the server MUST support HTTP Basic for clients issued a
 * password, and many libraries choose Basic or the body by their own default (golang.org/x/oauth2
 * tries one then the other; requests-oauthlib refreshes with the body). The secret is the same.
 */
function isRegisteredMethod(registered: TokenEndpointAuthMethod, presented: PresentedCredentials): boolean {
  if (presented.method === 'client_assertion') return authenticatesWithAssertion(registered);
  if (SECRET_METHODS.includes(registered)) return SECRET_METHODS.includes(presented.method);
  return registered === presented.method;
}

/** RFC 7523 §3: sub is the client_id; when client_id is also sent, they must agree. */
function assertionSubject(presented: Extract<PresentedCredentials, { method: 'client_assertion' }>): string {
  let sub: unknown;
  try {
    sub = decodeJwt(presented.assertion).sub;
  } catch {
    throw OAuthErrors.invalidClient('client_assertion is not a JWT');
  }
  if (typeof sub !== 'string' || sub === '') throw OAuthErrors.invalidClient('client assertion has no sub');
  if (presented.clientId !== undefined && presented.clientId !== sub)
    throw OAuthErrors.invalidRequest('client_id does not match the client assertion');
  return sub;
}
