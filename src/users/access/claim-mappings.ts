import type { User } from '../user.entity';
import { AccessError, AccessErrorCode } from './access.error';
import { ACCESS_CLAIM_TARGETS, isReservedClaimName, type AccessClaimTarget } from './access-claim-settings';

/** The user attributes a mapping may copy into a claim. */
const ATTRIBUTES = {
  username: (u: User) => u.username,
  email: (u: User) => u.email,
  email_verified: (u: User) => (u.email ? u.emailVerified : null),
  name: (u: User) => u.name,
  given_name: (u: User) => u.givenName,
  family_name: (u: User) => u.familyName,
  phone_number: (u: User) => u.phoneNumber,
  locale: (u: User) => u.locale,
  picture: (u: User) => u.picture,
  external_id: (u: User) => u.externalId,
} as const;
export type MappedAttribute = keyof typeof ATTRIBUTES;
export const MAPPED_ATTRIBUTES = Object.keys(ATTRIBUTES) as MappedAttribute[];

/**
 * One declarative rule: a claim named `claim` carrying a user attribute or a constant, in the
 * tokens of `targets`, when the grant holds `scope`. Data only: nothing is evaluated.
 */
export interface ClaimMapping {
  claim: string;
  attribute?: MappedAttribute;
  value?: string | number | boolean | string[];
  /** The scope that must be granted; required for attributes (the user consents to it). */
  scope?: string;
  targets: AccessClaimTarget[];
}

export const MAX_MAPPINGS = 20;
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/** Refuses malformed rules, reserved or repeated claim names, unknown attributes and targets. */
export function assertValidClaimMappings(
  mappings: unknown,
  taken: readonly string[],
): asserts mappings is ClaimMapping[] {
  const refuse = (message: string): never => {
    throw new AccessError(AccessErrorCode.InvalidClaimSettings, `mappings: ${message}`);
  };
  if (!Array.isArray(mappings)) refuse('must be an array');
  const list = mappings as unknown[];
  if (list.length > MAX_MAPPINGS) refuse(`at most ${MAX_MAPPINGS} rules`);
  const seen = new Set<string>(taken);
  for (const [i, raw] of list.entries()) {
    const m = raw as Record<string, unknown>;
    if (typeof m !== 'object' || m === null) refuse(`rule ${i} must be an object`);
    const known = new Set(['claim', 'attribute', 'value', 'scope', 'targets']);
    for (const key of Object.keys(m)) if (!known.has(key)) refuse(`rule ${i}: unknown field ${key}`);
    if (typeof m.claim !== 'string' || !CLAIM_NAME.test(m.claim)) refuse(`rule ${i}: claim must be a claim name`);
    const claim = m.claim as string;
    if (isReservedClaimName(claim)) refuse(`rule ${i}: ${claim} has a meaning of its own`);
    if (seen.has(claim)) refuse(`rule ${i}: ${claim} is released already`);
    seen.add(claim);
    if ((m.attribute === undefined) === (m.value === undefined)) refuse(`rule ${i}: give attribute or value, not both`);
    if (m.attribute !== undefined) {
      if (!MAPPED_ATTRIBUTES.includes(m.attribute as MappedAttribute))
        refuse(`rule ${i}: attribute must be one of ${MAPPED_ATTRIBUTES.join(', ')}`);
      if (typeof m.scope !== 'string' || m.scope === '')
        refuse(`rule ${i}: a user attribute needs the scope that releases it`);
    }
    if (m.value !== undefined) {
      const v = m.value;
      const ok =
        ['string', 'number', 'boolean'].includes(typeof v) ||
        (Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string'));
      if (!ok || JSON.stringify(v).length > 1024)
        refuse(`rule ${i}: value must be a string, number, boolean or string list (1 KiB)`);
    }
    if (m.scope !== undefined && typeof m.scope !== 'string') refuse(`rule ${i}: scope must be a scope name`);
    if (
      !Array.isArray(m.targets) ||
      m.targets.length === 0 ||
      !m.targets.every((t) => ACCESS_CLAIM_TARGETS.includes(t))
    )
      refuse(`rule ${i}: targets must be among ${ACCESS_CLAIM_TARGETS.join(', ')}`);
  }
}

/** The rules that apply to a grant in `target`; a user is needed only when one copies an attribute. */
export function applicableMappings(
  mappings: readonly ClaimMapping[],
  scope: readonly string[],
  target: AccessClaimTarget,
): ClaimMapping[] {
  const granted = new Set(scope);
  return mappings.filter((m) => m.targets.includes(target) && (m.scope === undefined || granted.has(m.scope)));
}

/** The claims of the rules; attributes without a value are left out. */
export function mappedClaims(mappings: readonly ClaimMapping[], user: User | null): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const m of mappings) {
    if (m.value !== undefined) claims[m.claim] = m.value;
    else if (m.attribute && user) {
      const value = ATTRIBUTES[m.attribute](user);
      if (value !== null && value !== undefined && value !== '') claims[m.claim] = value;
    }
  }
  return claims;
}
