import type { UpdateScopeInput } from './scope-input';
import { ScopesError, ScopesErrorCode } from './scopes.error';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
// Claim names are short names (email) or collision-resistant URIs (OIDC Core §5.1.2).
const CLAIM_NAME = /^[\x21-\x7e]{1,255}$/;

const invalid = (message: string) => new ScopesError(ScopesErrorCode.InvalidScope, message);

export function isScopeToken(name: string): boolean {
  return SCOPE_TOKEN.test(name);
}

export function assertValidScopeName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length > 128 || !isScopeToken(name))
    throw invalid('name must be 1 to 128 printable characters without spaces, quotes or backslashes (RFC 6749 §3.3)');
}

export function assertValidScopeFields(input: UpdateScopeInput): void {
  if (input.description !== undefined && (typeof input.description !== 'string' || input.description.length > 1024))
    throw invalid('description must be at most 1024 characters');
  if (input.claims !== undefined && !input.claims.every((c) => typeof c === 'string' && CLAIM_NAME.test(c)))
    throw invalid('claims must be claim names such as email or given_name');
}
