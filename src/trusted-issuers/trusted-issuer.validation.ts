import { publicJwksProblem } from '../keys/public-jwks';
import { parseSubjectMapping } from './subject-mapping';
import type { TrustedIssuerFields } from './trusted-issuer-input';
import { TrustedIssuersError, TrustedIssuersErrorCode } from './trusted-issuers.error';

// RFC 7519 §4.1.1 iss is a StringOrURI; spaces would only make for confusion.
const ISSUER = /^[\x21-\x7e]{1,255}$/;
// RFC 6749 §3.3 scope-token.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_LIST = 100;

const invalid = (message: string) => new TrustedIssuersError(TrustedIssuersErrorCode.InvalidTrustedIssuer, message);

/** The whole of a trusted issuer is checked at once, after defaults or a patch are applied. */
export function assertValidTrustedIssuer(f: TrustedIssuerFields): void {
  if (typeof f.issuer !== 'string' || !ISSUER.test(f.issuer))
    throw invalid('issuer must be 1 to 255 printable ASCII characters without spaces');
  assertKeys(f);
  assertStrings('allowed_audiences', f.allowedAudiences, 2048);
  assertStrings('allowed_client_ids', f.allowedClientIds, 128);
  assertStrings('allowed_scopes', f.allowedScopes, 128);
  const bad = f.allowedScopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw invalid(`${JSON.stringify(bad)} is not a scope name (RFC 6749 §3.3)`);
  if (typeof f.subjectMapping !== 'string' || !parseSubjectMapping(f.subjectMapping))
    throw invalid('subject_mapping must be sub_is_user_id, sub_is_username or claim:<claim name>');
}

function assertStrings(name: string, values: unknown, maxLength: number): asserts values is string[] {
  if (
    !Array.isArray(values) ||
    values.length > MAX_LIST ||
    !values.every((v) => typeof v === 'string' && v !== '' && v.length <= maxLength)
  )
    throw invalid(`${name} must be a list of at most ${MAX_LIST} strings of 1 to ${maxLength} characters`);
}

function assertKeys(f: TrustedIssuerFields): void {
  if ((f.jwks === null) === (f.jwksUri === null)) throw invalid('give exactly one of jwks and jwks_uri');
  const problem = f.jwks === null ? null : publicJwksProblem(f.jwks);
  if (problem !== null) throw invalid(`jwks ${problem}`);
  if (f.jwksUri !== null && !isJwksUri(f.jwksUri))
    throw invalid('jwks_uri must be an https URL (http only on a loopback address)');
}

function isJwksUri(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}
