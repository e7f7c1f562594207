import { OAuthErrors } from '../../common/errors/oauth-error';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * RFC 6749 §3.3: a space-delimited list, order irrelevant. Repeated spaces are tolerated,
 * repeated names are merged; a character outside scope-token is invalid_scope.
 */
export function parseScope(value: string): string[] {
  const names = value.split(' ').filter((s) => s !== '');
  const bad = names.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw OAuthErrors.invalidScope(`${JSON.stringify(bad)} is not a valid scope name`);
  return [...new Set(names)];
}

export function formatScope(scope: readonly string[]): string {
  return scope.join(' ');
}
