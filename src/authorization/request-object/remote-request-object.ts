import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { OutboundHttp } from '../../outbound/outbound-http';

const FETCH_TIMEOUT_MS = 5000;
const MAX_LENGTH = 32 * 1024;

/**
 * OIDC Core §6.2, RFC 9101 §5.2: a request object the client hosts itself. Fetched only from a
 * request_uri the client registered (request_uris), so this server cannot be aimed at arbitrary
 * URLs, and only through the guarded outbound client (no internal addresses, no redirects).
 */
@Injectable()
export class RemoteRequestObjects {
  constructor(private readonly http: OutboundHttp) {}

  async fetch(client: Client, requestUri: string): Promise<string> {
    if (!client.requestUris.includes(requestUri))
      throw OAuthErrors.invalidRequestUri('the request_uri is neither pushed here nor registered by the client');
    let res: Response;
    try {
      res = await this.http.fetch(requestUri, {
        headers: { accept: 'application/oauth-authz-req+jwt, application/jwt' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch {
      throw OAuthErrors.invalidRequestUri('the request_uri could not be fetched');
    }
    if (res.status !== 200) throw OAuthErrors.invalidRequestUri(`fetching the request_uri answered ${res.status}`);
    const body = (await res.text()).trim();
    if (body.length > MAX_LENGTH) throw OAuthErrors.invalidRequestUri('the request object at request_uri is too large');
    return body;
  }
}
