import { STANDARD_CLAIM_NAMES } from '../user-claims';
import { AccessError, AccessErrorCode } from './access.error';

/** Where the groups and roles claims may be released. */
export const ACCESS_CLAIM_TARGETS = ['id_token', 'access_token', 'userinfo', 'introspection'] as const;
export type AccessClaimTarget = (typeof ACCESS_CLAIM_TARGETS)[number];

/** The scope claims (scopes.claims) that stand for a user's groups and roles. */
export const GROUPS_CLAIM = 'groups';
export const ROLES_CLAIM = 'roles';

export interface AccessClaimSettings {
  groupsClaim: string;
  rolesClaim: string;
  targets: AccessClaimTarget[];
}

export const DEFAULT_ACCESS_CLAIM_SETTINGS: Readonly<AccessClaimSettings> = Object.freeze({
  groupsClaim: GROUPS_CLAIM,
  rolesClaim: ROLES_CLAIM,
  targets: [...ACCESS_CLAIM_TARGETS],
});

// Claims with a meaning of their own in tokens, introspection or userinfo (RFC 7519 §4.1, RFC 9068,
// RFC 7662 §2.2, OIDC Core §2 and §5.1): a groups or roles claim may not take their place.
const RESERVED = new Set([
  ...STANDARD_CLAIM_NAMES,
  ...['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'scope', 'client_id', 'azp', 'nonce', 'auth_time'],
  ...['acr', 'amr', 'sid', 'at_hash', 'c_hash', 's_hash', 'cnf', 'act', 'may_act', 'grant_id'],
  ...['active', 'token_type', 'username'],
]);
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

export const isReservedClaimName = (name: string): boolean => RESERVED.has(name);

/** Refuses claim names that are malformed, reserved or equal, and unknown targets. */
export function assertValidAccessClaimSettings(settings: AccessClaimSettings): void {
  const refuse = (message: string): never => {
    throw new AccessError(AccessErrorCode.InvalidClaimSettings, message);
  };
  for (const [field, name] of [
    ['groups_claim', settings.groupsClaim],
    ['roles_claim', settings.rolesClaim],
  ] as const) {
    if (typeof name !== 'string' || !CLAIM_NAME.test(name))
      refuse(`${field} must be 1 to 64 letters, digits, _ . : - starting with a letter or _`);
    if (RESERVED.has(name)) refuse(`${field} may not be ${name}: that claim has a meaning of its own`);
  }
  if (settings.groupsClaim === settings.rolesClaim) refuse('groups_claim and roles_claim must differ');
  if (!Array.isArray(settings.targets) || !settings.targets.every((t) => ACCESS_CLAIM_TARGETS.includes(t)))
    refuse(`targets must be among ${ACCESS_CLAIM_TARGETS.join(', ')}`);
}
