import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-event-input';
import { AdminGroupsService } from '../admin/access/admin-groups.service';
import { AppConfig } from '../config/app-config';
import type { Group } from '../users/access/group.entity';
import { GroupsService } from '../users/access/groups.service';
import { externalIdOf } from './scim-attribute-values';
import { invalidFilter, invalidValue, notFound } from './scim-error';
import { isLogical, parseScimFilter, type ScimFilter } from './scim-filter';
import { groupPatchOf, membersOf } from './scim-group-patch';
import { patchOperationsOf } from './scim-patch-operations';
import { GROUP_SCHEMA, LIST_SCHEMA, SCIM_PATH, shortPath, versionOf } from './scim-schemas';
import { assertVersion, pageOf } from './scim-users.service';

type Member = { value: string; display: string };

/** Group filters are evaluated over the (few) groups in memory: displayName, externalId, id, members.value. */
function matches(filter: ScimFilter, group: Group, members: string[]): boolean {
  if (isLogical(filter) && filter.op === 'and')
    return matches(filter.left, group, members) && matches(filter.right, group, members);
  if (isLogical(filter)) return matches(filter.left, group, members) || matches(filter.right, group, members);
  const attribute = shortPath(filter.attribute, GROUP_SCHEMA).toLowerCase();
  const values: Array<string | null> =
    attribute === 'displayname'
      ? [group.name.toLowerCase()]
      : attribute === 'externalid'
        ? [group.externalId]
        : attribute === 'id'
          ? [group.id]
          : attribute === 'members' || attribute === 'members.value'
            ? members
            : (() => {
                throw invalidFilter(`filtering on ${filter.attribute} is not supported`);
              })();
  if (filter.op === 'pr') return values.some((v) => v !== null && v !== '');
  if (typeof filter.value !== 'string') return filter.value === null && values.every((v) => v === null);
  const wanted = attribute === 'displayname' ? filter.value.toLowerCase() : filter.value;
  return values.some(
    (v) =>
      v !== null &&
      (filter.op === 'eq' ? v === wanted : filter.op === 'sw' ? v.startsWith(wanted) : v.includes(wanted)),
  );
}

/** SCIM Groups over the server's groups; members are users (nested groups are managed in the admin API). */
@Injectable()
export class ScimGroupsService {
  private readonly base: string;

  constructor(
    private readonly groups: GroupsService,
    private readonly admin: AdminGroupsService,
    config: AppConfig,
  ) {
    this.base = `${config.issuer}${SCIM_PATH}`;
  }

  async list(query: { filter?: string; startIndex?: unknown; count?: unknown }) {
    const filter = query.filter === undefined ? undefined : parseScimFilter(query.filter);
    const page = pageOf(query.startIndex, query.count);
    const all = await this.groups.list();
    const matching: Array<{ group: Group; members: Member[] }> = [];
    for (const group of all) {
      const members = await this.members(group.id);
      if (
        !filter ||
        matches(
          filter,
          group,
          members.map((m) => m.value),
        )
      )
        matching.push({ group, members });
    }
    const items = matching.slice(page.offset, page.offset + page.limit);
    return {
      schemas: [LIST_SCHEMA],
      totalResults: matching.length,
      startIndex: page.startIndex,
      itemsPerPage: items.length,
      Resources: items.map(({ group, members }) => this.resource(group, members)),
    };
  }

  async get(id: string) {
    const group = await this.require(id);
    return this.resource(group, await this.members(group.id));
  }

  async create(body: Record<string, unknown>, by: AuditActor) {
    if (typeof body.displayName !== 'string') throw invalidValue('displayName is required');
    const externalId = externalIdOf(body.externalId);
    const members = membersOf(body.members);
    await this.groups.assertUsersExist(members);
    const created = await this.admin.create({ name: body.displayName }, by);
    if (externalId !== null) await this.groups.update(created.id, { externalId });
    if (members.length > 0) await this.groups.setMembers(created.id, members);
    return this.get(created.id);
  }

  async replace(id: string, body: Record<string, unknown>, ifMatch: string | undefined, by: AuditActor) {
    const group = await this.require(id);
    assertVersion(group.updatedAt, ifMatch);
    if (typeof body.displayName !== 'string') throw invalidValue('displayName is required');
    const externalId = externalIdOf(body.externalId);
    const members = membersOf(body.members);
    await this.groups.assertUsersExist(members);
    if (body.displayName !== group.name) await this.admin.update(id, { name: body.displayName }, by);
    await this.groups.update(id, { externalId });
    await this.setMembers(group, members);
    return this.get(id);
  }

  /** RFC 7644 §3.5.2, as groupPatchOf reads it; the members are all checked before anything is written. */
  async patch(id: string, body: Record<string, unknown>, ifMatch: string | undefined, by: AuditActor) {
    const group = await this.require(id);
    assertVersion(group.updatedAt, ifMatch);
    const members = (await this.members(id)).map((m) => m.value);
    const changes = groupPatchOf(patchOperationsOf(body), { id, members });
    await this.groups.assertUsersExist(changes.members);
    if (changes.name !== undefined && changes.name !== group.name)
      await this.admin.update(id, { name: changes.name }, by);
    if (changes.externalId !== undefined && changes.externalId !== group.externalId)
      await this.groups.update(id, { externalId: changes.externalId });
    await this.setMembers(await this.require(id), changes.members);
    return this.get(id);
  }

  async delete(id: string, ifMatch: string | undefined, by: AuditActor): Promise<void> {
    const group = await this.require(id);
    assertVersion(group.updatedAt, ifMatch);
    await this.admin.delete(id, by);
  }

  /** Membership changes touch the group's version, so ETags follow them. */
  private async setMembers(group: Group, members: string[]): Promise<void> {
    const current = new Set((await this.members(group.id)).map((m) => m.value));
    if (current.size === members.length && members.every((m) => current.has(m))) return;
    await this.groups.setMembers(group.id, members);
    await this.groups.touch(group.id);
  }

  private async members(id: string): Promise<Member[]> {
    return (await this.groups.membersOf(id)).map((u) => ({ value: u.id, display: u.username }));
  }

  private resource(group: Group, members: Member[]) {
    return {
      schemas: [GROUP_SCHEMA],
      id: group.id,
      ...(group.externalId ? { externalId: group.externalId } : {}),
      displayName: group.name,
      members: members.map((m) => ({ ...m, $ref: `${this.base}/Users/${m.value}`, type: 'User' })),
      meta: {
        resourceType: 'Group',
        created: group.createdAt.toISOString(),
        lastModified: group.updatedAt.toISOString(),
        location: `${this.base}/Groups/${group.id}`,
        version: versionOf(group.updatedAt),
      },
    };
  }

  private async require(id: string): Promise<Group> {
    try {
      return await this.groups.get(id);
    } catch {
      throw notFound(`no group ${id}`);
    }
  }
}
