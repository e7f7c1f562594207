export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_PATH = '/scim/v2';

/** RFC 7644 §3.14: a weak ETag from the last change. */
export const versionOf = (updatedAt: Date) => `W/"${updatedAt.getTime()}"`;

/** Strips a schema URN prefix from an attribute path (urn:…:User:userName → userName). */
export function shortPath(path: string, schema: string): string {
  return path.toLowerCase().startsWith(`${schema.toLowerCase()}:`) ? path.slice(schema.length + 1) : path;
}
