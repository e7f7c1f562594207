import type { OutboundHttp } from '../outbound/outbound-http';
import { ClientsErrorCode } from './clients.error';
import { SectorIdentifierDocuments } from './sector-identifier-documents';

const URI = 'https://sector.example.org/clients.json';
const REDIRECTS = ['https://a.example.com/cb', 'https://b.example.com/cb'];

const documents = (answer: () => Promise<Response>) => {
  const fetch = jest.fn(answer);
  return { fetch, sectors: new SectorIdentifierDocuments({ fetch } as unknown as OutboundHttp) };
};
const json =
  (body: unknown, status = 200) =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));

async function refusal(sectors: SectorIdentifierDocuments, redirectUris = REDIRECTS): Promise<string> {
  try {
    await sectors.assertListsRedirectUris(URI, redirectUris);
  } catch (e) {
    expect((e as { code: string }).code).toBe(ClientsErrorCode.InvalidClientMetadata);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('SectorIdentifierDocuments (OIDC Core §8.1)', () => {
  it('accepts a JSON array listing every redirect URI, and more, fetched through the outbound client', async () => {
    const { fetch, sectors } = documents(json([...REDIRECTS, 'https://c.example.com/cb']));
    await expect(sectors.assertListsRedirectUris(URI, REDIRECTS)).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith(URI, expect.objectContaining({ headers: { accept: 'application/json' } }));
  });

  it('refuses a document missing a redirect URI, compared exactly', async () => {
    const { sectors } = documents(json(['https://a.example.com/cb', 'https://b.example.com/cb/']));
    expect(await refusal(sectors)).toBe(
      `sector_identifier_uri ${URI} does not list the redirect URI https://b.example.com/cb (OIDC Core §8.1)`,
    );
  });

  it('refuses what is not a JSON array of strings, another status, a fetch that fails, a huge document', async () => {
    expect(await refusal(documents(() => Promise.resolve(new Response('<html>'))).sectors)).toBe(
      `sector_identifier_uri ${URI} does not hold JSON: it must be a JSON array of redirect URIs`,
    );
    expect(await refusal(documents(json({ redirect_uris: REDIRECTS })).sectors)).toBe(
      `sector_identifier_uri ${URI} must hold a JSON array of redirect URIs`,
    );
    expect(await refusal(documents(json([1, 2])).sectors)).toMatch(/must hold a JSON array/);
    expect(await refusal(documents(json(REDIRECTS, 404)).sectors)).toBe(
      `sector_identifier_uri ${URI} answered HTTP 404 instead of 200`,
    );
    const failing = documents(() =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED 10.0.0.1') })),
    );
    expect(await refusal(failing.sectors)).toBe(`sector_identifier_uri ${URI} could not be fetched`);
    expect(await refusal(documents(json(Array(5000).fill('https://a.example.com/cb'))).sectors)).toMatch(
      /more than 64 KiB/,
    );
  });
});
