import { FederationError, FederationErrorCode } from '../federation.error';
import { issuerProblem } from '../rp/upstream-issuer';
import { MAPPABLE_FIELDS } from './claim-mapping';
import type { UpstreamProviderSettings } from './upstream-provider-input';

// Lower-case letters, digits and dashes: the id appears in URLs and audit subjects.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62})$/;
// RFC 6749 §3.3 scope-token: printable ASCII but space, " and \.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const CLAIM_NAME = /^[\x21-\x7E]{1,255}$/;

const invalid = (message: string) => new FederationError(FederationErrorCode.InvalidProvider, message);

export function assertValidProviderId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !SLUG.test(id))
    throw invalid('id must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit');
}

export function assertValidSettings(settings: UpstreamProviderSettings): void {
  if (settings.issuer !== undefined) {
    const problem = issuerProblem(settings.issuer);
    if (problem) throw invalid(problem);
  }
  if (settings.displayName !== undefined && settings.displayName.trim() === '')
    throw invalid('display_name must not be blank');
  if (settings.clientId !== undefined && settings.clientId.trim() === '') throw invalid('client_id must not be blank');
  if (settings.clientSecret === '') throw invalid('client_secret must not be empty (null makes the client public)');
  if (settings.scopes !== undefined) {
    // OIDC Core §3.1.2.1: without openid the provider would not answer with an ID Token.
    if (!settings.scopes.includes('openid')) throw invalid('scopes must include openid');
    if (!settings.scopes.every((s) => SCOPE_TOKEN.test(s))) throw invalid('scopes must be RFC 6749 scope tokens');
  }
  for (const [field, claim] of Object.entries(settings.claimMapping ?? {})) {
    if (claim === undefined) continue;
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field))
      throw invalid(`claim_mapping.${field} is not a mappable field (${MAPPABLE_FIELDS.join(', ')})`);
    if (typeof claim !== 'string' || !CLAIM_NAME.test(claim))
      throw invalid(`claim_mapping.${field} must be a claim name`);
  }
}
