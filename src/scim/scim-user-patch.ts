import { booleanOf, complexOf, externalIdOf, stringOrNull } from './scim-attribute-values';
import { invalidValue, ScimError } from './scim-error';
import { invalidPath, type PatchOperation } from './scim-patch-operations';
import { emailOf, primaryEmailOf } from './scim-user-emails';
import type { ScimUserFields } from './scim-user.mapping';
import { shortPath, USER_SCHEMA } from './scim-schemas';

// RFC 7643 §3.1, §4.1.2: set by the server; group membership changes through /Groups.
const READ_ONLY = new Set(['id', 'meta', 'groups']);
const NAME_PARTS = new Set(['givenname', 'familyname', 'formatted']);
const FILTERED_EMAIL = /^emails\[[^\]]*\](\.value)?$/;

/**
 * name (RFC 7643 §4.1.1): removed or null, every part goes; an object sets the parts it names
 * and leaves the others (RFC 7644 §3.5.2.1, §3.5.2.3). Parts this server does not keep
 * (middleName, honorificPrefix…) are ignored, as on POST and PUT.
 */
function setName(changes: ScimUserFields, value: unknown): void {
  if (value === undefined || value === null) {
    changes.givenName = changes.familyName = changes.displayName = null;
    return;
  }
  for (const [part, v] of Object.entries(complexOf(value, 'name')))
    if (NAME_PARTS.has(part.toLowerCase())) setAttribute(changes, `name.${part}`, v);
}

/** Sets one attribute (by path) in the changes, once its value has the attribute's type; `value` undefined removes it. */
function setAttribute(changes: ScimUserFields, path: string, value: unknown): void {
  const key = shortPath(path, USER_SCHEMA).toLowerCase();
  switch (key) {
    case 'username':
      if (value === undefined) throw invalidValue('userName is required: it cannot be removed');
      if (typeof value !== 'string' || value.trim() === '') throw invalidValue('userName must be a non-empty string');
      changes.userName = value;
      return;
    case 'externalid':
      changes.externalId = externalIdOf(value);
      return;
    case 'active':
      if (value === undefined) throw invalidValue('active cannot be removed');
      changes.active = booleanOf(value, 'active');
      return;
    case 'displayname':
    case 'name.formatted':
      changes.displayName = stringOrNull(value, 'displayName');
      return;
    case 'name.givenname':
      changes.givenName = stringOrNull(value, 'name.givenName');
      return;
    case 'name.familyname':
      changes.familyName = stringOrNull(value, 'name.familyName');
      return;
    case 'name':
      setName(changes, value);
      return;
    case 'emails':
      changes.email = primaryEmailOf(value);
      return;
    default: {
      if (READ_ONLY.has(key)) throw new ScimError(400, `${path} is read-only`, 'mutability');
      // emails[type eq "work"] and emails[primary eq true], with or without .value: the one email this server keeps.
      const filtered = FILTERED_EMAIL.exec(key);
      if (!filtered) throw invalidPath(path);
      const byValue = filtered[1] !== undefined || value === undefined || value === null;
      changes.email = byValue ? stringOrNull(value, 'emails.value') : emailOf(value).address;
    }
  }
}

/**
 * The changes a PATCH makes to a user (RFC 7644 §3.5.2.1-3); only the attributes it touches.
 * Every value is checked here, before anything is written: a refused PATCH changes nothing.
 */
export function userPatchOf(operations: PatchOperation[]): ScimUserFields {
  const changes: ScimUserFields = {};
  for (const { op, path, value } of operations) {
    if (op === 'remove') {
      setAttribute(changes, path!, undefined);
    } else if (path !== undefined) {
      setAttribute(changes, path, value);
    } else {
      const attributes = complexOf(value, 'the value of an operation without a path');
      for (const [attribute, v] of Object.entries(attributes)) setAttribute(changes, attribute, v);
    }
  }
  return changes;
}
