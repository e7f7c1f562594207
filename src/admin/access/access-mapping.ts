import type { AccessClaimSettings } from '../../users/access/access-claim-settings';
import type { Group } from '../../users/access/group.entity';
import type { Role } from '../../users/access/role.entity';
import type { RoleGrantView } from '../../users/access/roles.service';
import type { User } from '../../users/user.entity';
import type { AccessClaimSettingsDto } from './access-claims.dto';
import type { GroupDto, GroupMemberDto } from './group.dto';
import type { RoleDto, RoleGrantDto } from './role.dto';

export const toGroupDto = (g: Group): GroupDto => ({
  id: g.id,
  name: g.name,
  description: g.description,
  parent_id: g.parentId,
  external_id: g.externalId,
  created_at: g.createdAt,
  updated_at: g.updatedAt,
});

export const toGroupMemberDto = (u: User): GroupMemberDto => ({ user_id: u.id, username: u.username });

export const toRoleDto = (r: Role): RoleDto => ({
  id: r.id,
  name: r.name,
  client_id: r.clientId,
  description: r.description,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

export const toRoleGrantDto = (g: RoleGrantView): RoleGrantDto => ({
  id: g.id,
  role_id: g.roleId,
  user_id: g.userId,
  group_id: g.groupId,
  grantee_type: g.userId !== null ? 'user' : 'group',
  grantee_name: g.granteeName,
  created_at: g.createdAt,
});

export const toAccessClaimSettingsDto = (s: AccessClaimSettings): AccessClaimSettingsDto => ({
  groups_claim: s.groupsClaim,
  roles_claim: s.rolesClaim,
  targets: s.targets,
});
