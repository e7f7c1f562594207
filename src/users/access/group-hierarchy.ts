import { AccessError, AccessErrorCode } from './access.error';

/** How many levels groups nest: a top-level group, its subgroups and theirs. */
export const MAX_GROUP_DEPTH = 3;

export interface GroupLink {
  id: string;
  parentId: string | null;
}

/**
 * Refuses to put `groupId` under `parentId` when that makes a cycle (the parent is the group or
 * one of its descendants) or nests deeper than MAX_GROUP_DEPTH levels. `links` is every group.
 */
export function assertMayNest(links: readonly GroupLink[], groupId: string, parentId: string): void {
  const parentOf = new Map(links.map((l) => [l.id, l.parentId]));
  const children = new Map<string, string[]>();
  for (const l of links) if (l.parentId !== null) children.set(l.parentId, [...(children.get(l.parentId) ?? []), l.id]);

  // Levels above and including the new parent; a walk that meets the group itself is a cycle.
  let levelsAbove = 0;
  const seen = new Set<string>();
  for (let at: string | null | undefined = parentId; at != null; at = parentOf.get(at)) {
    if (at === groupId || seen.has(at))
      throw new AccessError(AccessErrorCode.GroupHierarchy, 'a group cannot be placed inside itself or its subgroups');
    seen.add(at);
    levelsAbove++;
  }
  const height = (id: string, trail: Set<string>): number => {
    if (trail.has(id)) return Infinity;
    const below = (children.get(id) ?? []).map((c) => height(c, new Set([...trail, id])));
    return 1 + Math.max(0, ...below);
  };
  if (levelsAbove + height(groupId, new Set()) > MAX_GROUP_DEPTH)
    throw new AccessError(AccessErrorCode.GroupHierarchy, `groups nest at most ${MAX_GROUP_DEPTH} levels deep`);
}
