import type { Client } from './client.entity';

export type SectorFields = Pick<Client, 'subjectType' | 'sectorIdentifierUri' | 'redirectUris'>;

/** The host component of a URI, or undefined when it has none (e.g. com.example.app:/callback). */
function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * OIDC Core §8.1: the Sector Identifier is the host of the sector_identifier_uri or, when the
 * client registered none, the one host of its redirect URIs. Undefined when neither names one
 * host; validation (sectorProblem) keeps pairwise clients from being saved so.
 */
export function sectorOf(client: SectorFields): string | undefined {
  if (client.sectorIdentifierUri !== null) return hostOf(client.sectorIdentifierUri);
  const hosts = new Set(client.redirectUris.map(hostOf));
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

/** OIDC Core §8.1: why a pairwise client has no sector to compute its subjects for, or undefined. */
export function sectorProblem(client: SectorFields): string | undefined {
  if (client.subjectType !== 'pairwise' || client.sectorIdentifierUri !== null) return undefined;
  const hosts = [...new Set(client.redirectUris.map(hostOf))];
  if (hosts.length === 1 && hosts[0] !== undefined) return undefined;
  if (hosts.length > 1)
    return `a pairwise client with redirect URIs on several hosts (${hosts.map((h) => h ?? 'none').join(', ')}) needs a sector_identifier_uri (OIDC Core §8.1)`;
  return 'a pairwise client needs redirect URIs on one host, or a sector_identifier_uri (OIDC Core §8.1)';
}
