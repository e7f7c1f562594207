import type { JWTPayload } from 'jose';

/**
 * How an assertion names its local user:
 * - `sub_is_user_id`: sub is the user's id here;
 * - `sub_is_username`: sub is the username;
 * - `claim:<name>`: the string claim <name> is the username or the email address.
 */
export type SubjectMapping =
  { kind: 'user_id'; claim: 'sub' } | { kind: 'username'; claim: 'sub' } | { kind: 'login'; claim: string };

// A JWT claim name as it appears in the mapping: printable ASCII, no spaces.
const CLAIM_NAME = /^[\x21-\x7e]{1,64}$/;

/** The mapping a stored or submitted value means, or undefined when it means none. */
export function parseSubjectMapping(value: string): SubjectMapping | undefined {
  if (value === 'sub_is_user_id') return { kind: 'user_id', claim: 'sub' };
  if (value === 'sub_is_username') return { kind: 'username', claim: 'sub' };
  if (value.startsWith('claim:')) {
    const claim = value.slice('claim:'.length);
    if (CLAIM_NAME.test(claim)) return { kind: 'login', claim };
  }
  return undefined;
}

/** The value the mapping looks the user up by, or undefined when the assertion lacks it. */
export function mappedSubjectValue(mapping: SubjectMapping, payload: JWTPayload): string | undefined {
  const value = payload[mapping.claim];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
