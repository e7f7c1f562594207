export enum AccessErrorCode {
  InvalidGroup = 'invalid_group',
  InvalidRole = 'invalid_role',
  InvalidClaimSettings = 'invalid_claim_settings',
  GroupNotFound = 'group_not_found',
  RoleNotFound = 'role_not_found',
  MemberNotFound = 'member_not_found',
  GrantNotFound = 'role_grant_not_found',
  GroupExists = 'group_exists',
  RoleExists = 'role_exists',
  GroupHasSubgroups = 'group_has_subgroups',
  GroupHierarchy = 'group_hierarchy',
  ClientNotFound = 'client_not_found',
}

/** What groups, roles and their claims settings refuse; the admin API and SCIM map each code. */
export class AccessError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}
