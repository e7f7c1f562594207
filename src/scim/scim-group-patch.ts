import { complexOf, externalIdOf, multiValuedOf } from './scim-attribute-values';
import { invalidValue, ScimError } from './scim-error';
import { invalidPath, type PatchOperation } from './scim-patch-operations';
import { GROUP_SCHEMA, shortPath } from './scim-schemas';

/** What a PATCH leaves of a group: a new name or externalId when it sets one, and every member. */
export interface GroupChanges {
  name?: string;
  externalId?: string | null;
  members: string[];
}

const ONE_MEMBER = /^members\[value eq "([^"]+)"\]$/i;

/** The user ids of a members value: each an object whose value is a user id. */
export function membersOf(value: unknown): string[] {
  return multiValuedOf(value, 'members').map((member) => {
    const id = complexOf(member, 'each member').value;
    if (typeof id !== 'string') throw invalidValue('each member needs a value (the user id)');
    return id;
  });
}

function setAttribute(changes: GroupChanges, groupId: string, op: PatchOperation['op'], path: string, value: unknown) {
  const target = shortPath(path, GROUP_SCHEMA);
  switch (target.toLowerCase()) {
    case 'displayname':
      if (op === 'remove') throw invalidValue('displayName is required');
      if (typeof value !== 'string') throw invalidValue('displayName must be a string');
      changes.name = value;
      return;
    case 'externalid':
      changes.externalId = op === 'remove' ? null : externalIdOf(value);
      return;
    case 'members':
      if (op === 'add') changes.members = [...changes.members, ...membersOf(value)];
      else if (op === 'replace') changes.members = membersOf(value);
      else if (value === undefined) changes.members = [];
      else {
        const gone = new Set(membersOf(value));
        changes.members = changes.members.filter((m) => !gone.has(m));
      }
      return;
    case 'id':
      // Okta sends the group's own id along with the attributes of a replace without a path.
      if (op !== 'remove' && value === groupId) return;
      throw new ScimError(400, 'id is read-only', 'mutability');
    default: {
      const single = ONE_MEMBER.exec(target)?.[1];
      if (single === undefined || op !== 'remove') throw invalidPath(path);
      changes.members = changes.members.filter((m) => m !== single);
    }
  }
}

/**
 * RFC 7644 §3.5.2: members added, removed (all, some, or members[value eq "id"]) or replaced;
 * displayName and externalId replaced. Every value is checked here, before anything is written:
 * a refused PATCH changes nothing.
 */
export function groupPatchOf(
  operations: PatchOperation[],
  group: { id: string; members: readonly string[] },
): GroupChanges {
  const changes: GroupChanges = { members: [...group.members] };
  for (const { op, path, value } of operations) {
    if (path !== undefined) {
      setAttribute(changes, group.id, op, path, value);
    } else {
      const attributes = complexOf(value, 'the value of an operation without a path');
      for (const [attribute, v] of Object.entries(attributes)) setAttribute(changes, group.id, op, attribute, v);
    }
  }
  return { ...changes, members: [...new Set(changes.members)] };
}
