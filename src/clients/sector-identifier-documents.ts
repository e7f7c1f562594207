import { Injectable } from '@nestjs/common';
import { OutboundHttp } from '../outbound/outbound-http';
import { ClientsError, ClientsErrorCode } from './clients.error';

const FETCH_TIMEOUT_MS = 5000;
const MAX_LENGTH = 64 * 1024;

const metadataError = (message: string) => new ClientsError(ClientsErrorCode.InvalidClientMetadata, message);

/**
 * OIDC Core §8.1 and OIDC Registration §5: a sector_identifier_uri holds a JSON array of URIs,
 * and every redirect URI of the client must be among them (compared exactly, RFC 6749 §3.1.2.3),
 * so no one can claim a sector, and the subjects of its clients, by naming someone else's
 * document. Fetched only through the guarded outbound client (no internal addresses, no
 * redirects), and each time the client's redirect URIs, sector_identifier_uri or subject_type change.
 */
@Injectable()
export class SectorIdentifierDocuments {
  constructor(private readonly http: OutboundHttp) {}

  async assertListsRedirectUris(uri: string, redirectUris: readonly string[]): Promise<void> {
    const listed = new Set(await this.fetchList(uri));
    const missing = redirectUris.filter((r) => !listed.has(r));
    if (missing.length > 0)
      throw metadataError(
        `sector_identifier_uri ${uri} does not list the redirect URI${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (OIDC Core §8.1)`,
      );
  }

  private async fetchList(uri: string): Promise<string[]> {
    let res: Response;
    try {
      res = await this.http.fetch(uri, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch {
      // Not why (refused destination, DNS, timeout): a registrant must not learn from it what the
      // server's network holds. The outbound client logs refused destinations.
      throw metadataError(`sector_identifier_uri ${uri} could not be fetched`);
    }
    if (res.status !== 200)
      throw metadataError(`sector_identifier_uri ${uri} answered HTTP ${res.status} instead of 200`);
    const text = await res.text();
    if (text.length > MAX_LENGTH)
      throw metadataError(`sector_identifier_uri ${uri} holds more than ${MAX_LENGTH / 1024} KiB`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw metadataError(`sector_identifier_uri ${uri} does not hold JSON: it must be a JSON array of redirect URIs`);
    }
    if (!Array.isArray(document) || !document.every((u) => typeof u === 'string'))
      throw metadataError(`sector_identifier_uri ${uri} must hold a JSON array of redirect URIs`);
    return document as string[];
  }
}
