import type { GroupDto, GroupMemberDto } from '../../access/group.dto';
import type { RoleDto, RoleGrantDto } from '../../access/role.dto';
import { consoleUrl } from '../console-paths';
import type { ConsolePage } from '../http/console-view';

export const groupUrl = (id: string, ...rest: string[]) => consoleUrl('groups', id, ...rest);
export const roleUrl = (id: string, ...rest: string[]) => consoleUrl('roles', id, ...rest);

/** Each group under its path from the top (org / engineering / backend), sorted by it. */
function withPaths(groups: GroupDto[]): Array<GroupDto & { path: string }> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const pathOf = (g: GroupDto, depth = 0): string => {
    const parent = g.parent_id ? byId.get(g.parent_id) : undefined;
    return parent && depth < 8 ? `${pathOf(parent, depth + 1)} / ${g.name}` : g.name;
  };
  return groups.map((g) => ({ ...g, path: pathOf(g) })).sort((a, b) => a.path.localeCompare(b.path));
}

export function groupListPage(groups: GroupDto[]): ConsolePage {
  const listed = withPaths(groups);
  return {
    title: 'Groups',
    section: 'groups',
    action: consoleUrl('groups'),
    groups: listed.map((g) => ({ path: g.path, href: groupUrl(g.id), description: g.description ?? '' })),
    parents: listed.map((g) => ({ id: g.id, path: g.path })),
  };
}

export function groupPage(group: GroupDto, all: GroupDto[], members: GroupMemberDto[]): ConsolePage {
  const listed = withPaths(all);
  const path = listed.find((g) => g.id === group.id)?.path ?? group.name;
  return {
    title: `Group ${group.name}`,
    section: 'groups',
    group: {
      id: group.id,
      name: group.name,
      path,
      description: group.description ?? '',
      externalId: group.external_id,
      action: groupUrl(group.id),
      addMemberAction: groupUrl(group.id, 'members'),
      deleteAction: groupUrl(group.id, 'delete'),
      auditHref: `${consoleUrl('audit')}?subject=${encodeURIComponent(group.id)}`,
    },
    parents: listed
      .filter((g) => g.id !== group.id && !g.path.startsWith(`${path} / `))
      .map((g) => ({ id: g.id, path: g.path, selected: g.id === group.parent_id })),
    subgroups: listed.filter((g) => g.parent_id === group.id).map((g) => ({ name: g.name, href: groupUrl(g.id) })),
    members: members.map((m) => ({
      username: m.username,
      href: consoleUrl('users', m.user_id),
      removeAction: groupUrl(group.id, 'members', m.user_id, 'remove'),
    })),
  };
}

export function roleListPage(roles: RoleDto[]): ConsolePage {
  return {
    title: 'Roles',
    section: 'roles',
    action: consoleUrl('roles'),
    roles: roles.map((r) => ({
      name: r.name,
      href: roleUrl(r.id),
      client: r.client_id,
      description: r.description ?? '',
    })),
  };
}

export function rolePage(role: RoleDto, grants: RoleGrantDto[], groups: GroupDto[]): ConsolePage {
  return {
    title: `Role ${role.name}`,
    section: 'roles',
    role: {
      name: role.name,
      client: role.client_id,
      clientHref: role.client_id ? consoleUrl('clients', role.client_id) : undefined,
      description: role.description ?? '',
      action: roleUrl(role.id),
      grantAction: roleUrl(role.id, 'grants'),
      deleteAction: roleUrl(role.id, 'delete'),
    },
    grants: grants.map((g) => ({
      kind: g.grantee_type === 'user' ? 'User' : 'Group',
      name: g.grantee_name,
      href: g.user_id ? consoleUrl('users', g.user_id) : groupUrl(g.group_id!),
      revokeAction: roleUrl(role.id, 'grants', g.id, 'revoke'),
    })),
    groups: withPaths(groups).map((g) => ({ id: g.id, path: g.path })),
  };
}
