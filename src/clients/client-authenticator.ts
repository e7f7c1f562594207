import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { OAuthError, OAuthErrors } from '../common/errors/oauth-error';
import type { Client } from './client.entity';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { clientSecretMatches } from './client-secret';
import { ClientsService } from './clients.service';
import {
  presentedCredentials,
  usedAuthorizationHeader,
  type ClientAuthenticationRequest,
  type PresentedCredentials,
} from './presented-credentials';

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
 * OIDC Core §9). Every failure is invalid_client (401); RFC 6749 §5.2 wants a Basic challenge
 * when the client tried the Authorization header.
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
      if (e instanceof OAuthError && e.error === 'invalid_client') {
        const claimed = (request.body as Record<string, unknown> | undefined)?.client_id;
        void this.audit.record({
          type: AuditEventType.ClientAuthFailed,
          actor: request.ip ? `ip:${request.ip}` : null,
          subject: typeof claimed === 'string' ? claimed : null,
          ip: request.ip ?? null,
          details: { reason: e.errorDescription },
        });
      }
      throw e;
    }
  }

  private async verify(request: ClientAuthenticationRequest, audience: string[]): Promise<Client> {
    const challenge = usedAuthorizationHeader(request) ? 'Basic' : undefined;
    const fail = (description: string) => OAuthErrors.invalidClient(description, { challenge });

    const presented = presentedCredentials(request);
    const clientId = presented.method === 'private_key_jwt' ? assertionSubject(presented) : presented.clientId;
    const client = await this.clients.findById(clientId);
    if (!client) throw fail('unknown client');
    if (client.tokenEndpointAuthMethod !== presented.method)
      throw fail(`this client must authenticate with ${client.tokenEndpointAuthMethod}`);

    switch (presented.method) {
      case 'client_secret_basic':
      case 'client_secret_post':
        if (!clientSecretMatches(presented.clientSecret, client.clientSecretHash)) throw fail('invalid client secret');
        if (client.clientSecretExpiresAt && client.clientSecretExpiresAt.getTime() <= Date.now())
          throw fail('the client secret has expired');
        return client;
      case 'private_key_jwt':
        await this.assertions.verify(client, presented.assertion, audience);
        return client;
      case 'none':
        return client;
    }
  }
}

/** RFC 7523 §3: sub is the client_id; when client_id is also sent, they must agree. */
function assertionSubject(presented: Extract<PresentedCredentials, { method: 'private_key_jwt' }>): string {
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
