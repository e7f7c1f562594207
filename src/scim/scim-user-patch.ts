import { ScimError, invalidValue } from './scim-error';
import { primaryEmailOf, type ScimUserFields } from './scim-user.mapping';
import { PATCH_SCHEMA, shortPath, USER_SCHEMA } from './scim-schemas';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

const invalidPath = (path: string) => new ScimError(400, `the path ${path} is not supported`, 'invalidPath');

/** RFC 7644 §3.5.2: the operations of a PatchOp body; op names case-insensitively (as some clients send them). */
export function patchOperationsOf(body: Record<string, unknown>): PatchOperation[] {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA))
    throw new ScimError(400, `a PATCH body names the schema ${PATCH_SCHEMA}`, 'invalidSyntax');
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw new ScimError(400, 'Operations must be a non-empty array', 'invalidSyntax');
  return body.Operations.map((raw: unknown) => {
    const o = raw as Record<string, unknown>;
    const op = typeof o?.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimError(400, 'op must be add, replace or remove', 'invalidSyntax');
    if (o.path !== undefined && typeof o.path !== 'string') throw invalidPath(String(o.path));
    if (op === 'remove' && o.path === undefined) throw new ScimError(400, 'remove needs a path', 'noTarget');
    return { op, path: o.path as string | undefined, value: o.value };
  });
}

/** Booleans as some clients send them ("False"). */
function booleanOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue('active must be a boolean');
}

const text = (value: unknown, attribute: string): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalidValue(`${attribute} must be a string`);
  return value;
};

/** Sets one attribute (by path) in the changes; `value` undefined removes it. */
function setAttribute(changes: ScimUserFields, path: string, value: unknown): void {
  const key = shortPath(path, USER_SCHEMA).toLowerCase();
  switch (key) {
    case 'username':
      if (typeof value !== 'string' || value.trim() === '') throw invalidValue('userName is required');
      changes.userName = value;
      return;
    case 'externalid':
      changes.externalId = text(value, 'externalId');
      return;
    case 'active':
      if (value === undefined) throw invalidValue('active cannot be removed');
      changes.active = booleanOf(value);
      return;
    case 'displayname':
    case 'name.formatted':
      changes.displayName = text(value, 'displayName');
      return;
    case 'name.givenname':
      changes.givenName = text(value, 'name.givenName');
      return;
    case 'name.familyname':
      changes.familyName = text(value, 'name.familyName');
      return;
    case 'name': {
      const name = (value ?? {}) as Record<string, unknown>;
      changes.givenName = text(name.givenName, 'name.givenName');
      changes.familyName = text(name.familyName, 'name.familyName');
      if (name.formatted !== undefined || value === undefined)
        changes.displayName = text(name.formatted, 'name.formatted');
      return;
    }
    case 'emails':
      changes.email = primaryEmailOf(value);
      return;
    default:
      // emails[type eq "work"].value and emails[primary eq true].value: the one email this server keeps.
      if (/^emails\[[^\]]*\](\.value)?$/.test(key)) {
        changes.email =
          key.endsWith('.value') || value === undefined ? text(value, 'emails.value') : primaryEmailOf([value]);
        return;
      }
      throw invalidPath(path);
  }
}

/** The changes a PATCH makes to a user (RFC 7644 §3.5.2.1-3); only the attributes it touches. */
export function userPatchOf(operations: PatchOperation[]): ScimUserFields {
  const changes: ScimUserFields = {};
  for (const { op, path, value } of operations) {
    if (op === 'remove') {
      setAttribute(changes, path!, undefined);
    } else if (path !== undefined) {
      setAttribute(changes, path, value);
    } else {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw invalidValue('an operation without a path needs an object value');
      for (const [attribute, v] of Object.entries(value)) setAttribute(changes, attribute, v);
    }
  }
  return changes;
}
