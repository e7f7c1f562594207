import type { MetadataContribution, ProviderMetadata } from './provider-metadata';

export interface MetadataSources {
  issuer: string;
  scopes: { name: string; claims: string[] }[];
  signingAlgs: readonly string[];
  contributed: MetadataContribution;
}

// OIDC Core §2 and §3.1.3.6: the ID Token claims this server sets itself.
const PROTOCOL_CLAIMS = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'sid'];

export const JWKS_PATH = '/.well-known/jwks.json';

const absolute = (issuer: string, url: string) => (url.startsWith('/') ? `${issuer}${url}` : url);
const union = (...lists: (readonly string[] | undefined)[]) => [...new Set(lists.flatMap((l) => l ?? []))];

/**
 * The one document served as both the OpenID Provider metadata (OIDC Discovery 1.0 §3) and
 * the authorization server metadata (RFC 8414 §2): RFC 8414 registers the OIDC fields too,
 * and both must carry the same issuer.
 */
export function buildProviderMetadata({ issuer, scopes, signingAlgs, contributed }: MetadataSources): ProviderMetadata {
  const endpoints: Record<string, string> = {};
  const others: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(contributed)) {
    if (field.endsWith('_endpoint')) endpoints[field] = absolute(issuer, value as string);
    else others[field] = value;
  }
  const own = {
    scopes_supported: scopes.map((s) => s.name),
    // OIDC Discovery §3 requires this field; empty until an authorization endpoint is contributed.
    response_types_supported: union(contributed.response_types_supported),
    // RFC 8414 §2: omitted would mean ["authorization_code", "implicit"], so say exactly what works.
    grant_types_supported: union(contributed.grant_types_supported),
    subject_types_supported: union(['public'], contributed.subject_types_supported),
    id_token_signing_alg_values_supported: [...signingAlgs],
    // OIDC Discovery §3: userinfo signs with the same keys, for a client that registered one of these.
    ...(contributed.userinfo_endpoint ? { userinfo_signing_alg_values_supported: [...signingAlgs] } : {}),
    claims_supported: union(PROTOCOL_CLAIMS, ...scopes.map((s) => s.claims), contributed.claims_supported),
    request_parameter_supported: contributed.request_parameter_supported ?? false,
    // OIDC Discovery §3: omitted would mean true.
    request_uri_parameter_supported: contributed.request_uri_parameter_supported ?? false,
  };
  return { issuer, ...endpoints, jwks_uri: `${issuer}${JWKS_PATH}`, ...others, ...own };
}
