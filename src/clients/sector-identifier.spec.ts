import { sectorOf, sectorProblem, type SectorFields } from './sector-identifier';

const client = (fields: Partial<SectorFields> = {}): SectorFields => ({
  subjectType: 'pairwise',
  sectorIdentifierUri: null,
  redirectUris: ['https://app.example.com/cb'],
  ...fields,
});

describe('sector identifiers (OIDC Core §8.1)', () => {
  it('is the host of the sector_identifier_uri, whatever the redirect URIs', () => {
    const c = client({
      sectorIdentifierUri: 'https://Sector.example.org:8443/clients.json',
      redirectUris: ['https://a.example.com/cb', 'https://b.example.net/cb'],
    });
    expect(sectorOf(c)).toBe('sector.example.org');
    expect(sectorProblem(c)).toBeUndefined();
  });

  it('is the one host of the redirect URIs without a sector_identifier_uri, ports and paths aside', () => {
    const c = client({ redirectUris: ['https://app.example.com/cb', 'https://app.example.com:8443/other'] });
    expect(sectorOf(c)).toBe('app.example.com');
    expect(sectorProblem(c)).toBeUndefined();
  });

  it('asks a pairwise client for a sector_identifier_uri when its redirect URIs span hosts or name none', () => {
    expect(sectorProblem(client({ redirectUris: ['https://a.example.com/cb', 'https://b.example.com/cb'] }))).toBe(
      'a pairwise client with redirect URIs on several hosts (a.example.com, b.example.com) needs a sector_identifier_uri (OIDC Core §8.1)',
    );
    expect(sectorProblem(client({ redirectUris: ['https://a.example.com/cb', 'com.example.app:/cb'] }))).toMatch(
      /several hosts \(a\.example\.com, none\)/,
    );
    for (const redirectUris of [[], ['com.example.app:/callback']]) {
      expect(sectorOf(client({ redirectUris }))).toBeUndefined();
      expect(sectorProblem(client({ redirectUris }))).toBe(
        'a pairwise client needs redirect URIs on one host, or a sector_identifier_uri (OIDC Core §8.1)',
      );
    }
  });

  it('asks nothing of a public client', () => {
    expect(
      sectorProblem(client({ subjectType: 'public', redirectUris: ['https://a.example/cb', 'https://b.example/cb'] })),
    ).toBeUndefined();
  });
});
