import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DiscoveryRegistry } from '../src/discovery/discovery.registry';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { eventually } from './support/eventually';
import { startTestApp, TestApp } from './support/test-app';

const METADATA_PATHS = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'];
const SEEDED_SCOPES = ['address', 'email', 'offline_access', 'openid', 'phone', 'profile'];

describe('discovery', () => {
  let t: TestApp;
  const metadata = async (path = METADATA_PATHS[0]) =>
    (await (await fetch(`${t.url}${path}`)).json()) as ProviderMetadata;

  beforeAll(async () => {
    t = await startTestApp({ KEY_CACHE_TTL: '1' });
  });
  afterAll(() => t.close());

  it.each(METADATA_PATHS)('serves %s as cacheable JSON readable from any origin', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('names the issuer exactly as the server is reached, in both documents', async () => {
    const [openid, oauth] = await Promise.all(METADATA_PATHS.map((p) => metadata(p)));
    expect(openid.issuer).toBe(t.url);
    expect(oauth).toEqual(openid);
  });

  it('lists the scopes and the claims they release, and what the ID token carries', async () => {
    const doc = await metadata();
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(SEEDED_SCOPES));
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining(['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'sid']),
    );
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['email', 'email_verified', 'given_name', 'address']));
    expect(doc.subject_types_supported).toEqual(['public', 'pairwise']);
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256']);
    // RFC 9101 request objects, by value and by reference (PAR or a registered request_uri).
    expect(doc.request_parameter_supported).toBe(true);
    expect(doc.request_uri_parameter_supported).toBe(true);
    expect(Array.isArray(doc.response_types_supported)).toBe(true);
    expect(Array.isArray(doc.grant_types_supported)).toBe(true);
  });

  it('announces no endpoint the server does not serve', async () => {
    const doc = (await metadata()) as unknown as Record<string, unknown>;
    const endpoints = Object.entries(doc).filter(([field]) => field.endsWith('_endpoint') || field === 'jwks_uri');
    expect(endpoints.length).toBeGreaterThan(0);
    for (const [field, url] of endpoints) {
      expect(url).toMatch(new RegExp(`^${t.url}/`));
      const [get, post] = await Promise.all([
        fetch(url as string, { redirect: 'manual' }),
        fetch(url as string, { method: 'POST', redirect: 'manual' }),
      ]);
      expect({ field, status: Math.min(get.status, post.status) === 404 ? 404 : 'served' }).toEqual({
        field,
        status: 'served',
      });
    }
  });

  it('publishes a JWKS at jwks_uri that verifies what the server signs', async () => {
    const { jwks_uri } = await metadata();
    const res = await fetch(jwks_uri);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(Number(/max-age=(\d+)/.exec(res.headers.get('cache-control')!)![1])).toBeLessThanOrEqual(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const jwt = await t.app
      .get(SigningKeyService)
      .sign({ sub: 'u', aud: 'c', exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(
      jwtVerify(jwt, createRemoteJWKSet(new URL(jwks_uri)), { issuer: t.url, audience: 'c' }),
    ).resolves.toBeDefined();
  });

  it('is accepted by a certified relying party library', async () => {
    const config = await oidc.discovery(new URL(t.url), 'some-client', undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(t.url);
    expect(config.serverMetadata().jwks_uri).toBe(`${t.url}/.well-known/jwks.json`);
  });

  it('shows a scope added to the database within KEY_CACHE_TTL', async () => {
    await t.dataSource.query(
      `INSERT INTO scopes (name, description, claims) VALUES ('orders:read', 'Read your orders', '{order_history}')`,
    );
    await eventually(async () => {
      const doc = await metadata();
      expect(doc.scopes_supported).toContain('orders:read');
      expect(doc.claims_supported).toContain('order_history');
    }, 3000);
  });

  it('publishes what a feature module contributes, and only then', async () => {
    expect((await metadata()).op_tos_uri).toBeUndefined();
    t.app.get(DiscoveryRegistry).contribute({
      op_tos_uri: 'https://example.com/tos',
      grant_types_supported: ['urn:example:test-grant'],
      service_documentation: 'https://docs.example.com',
    });
    const doc = await metadata();
    expect(doc.op_tos_uri).toBe('https://example.com/tos');
    expect(doc.grant_types_supported).toContain('urn:example:test-grant');
    expect(doc.service_documentation).toBe('https://docs.example.com');
  });
});
