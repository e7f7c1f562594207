import type { User } from '../users/user.entity';
import type { UserFilter, UserFilterField } from '../users/user-filter';
import { complexOf, externalIdOf, stringOrNull } from './scim-attribute-values';
import { invalidFilter, invalidValue } from './scim-error';
import { isLogical, type ScimFilter } from './scim-filter';
import { shortPath, USER_SCHEMA, versionOf } from './scim-schemas';
import { primaryEmailOf } from './scim-user-emails';

/** RFC 7643 §4.1: a user as a SCIM User resource. */
export function scimUserOf(user: User, base: string): Record<string, unknown> {
  const name: Record<string, string> = {};
  if (user.givenName) name.givenName = user.givenName;
  if (user.familyName) name.familyName = user.familyName;
  if (user.name) name.formatted = user.name;
  return {
    schemas: [USER_SCHEMA],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.username,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(user.name ? { displayName: user.name } : {}),
    ...(user.email ? { emails: [{ value: user.email, type: 'work', primary: true }] } : {}),
    active: !user.disabled,
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${base}/Users/${user.id}`,
      version: versionOf(user.updatedAt),
    },
  };
}

/** The writable attributes of a SCIM User, in this server's terms. */
export interface ScimUserFields {
  userName?: string;
  externalId?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  displayName?: string | null;
  email?: string | null;
  active?: boolean;
}

/** The attributes of a full User resource (POST, PUT); the ones left out are cleared by PUT. */
export function userFieldsOf(body: Record<string, unknown>): ScimUserFields {
  if (typeof body.userName !== 'string' || body.userName.trim() === '') throw invalidValue('userName is required');
  const name = body.name === undefined || body.name === null ? {} : complexOf(body.name, 'name');
  if (body.active !== undefined && typeof body.active !== 'boolean') throw invalidValue('active must be a boolean');
  return {
    userName: body.userName,
    externalId: externalIdOf(body.externalId),
    givenName: stringOrNull(name.givenName, 'name.givenName'),
    familyName: stringOrNull(name.familyName, 'name.familyName'),
    displayName: stringOrNull(body.displayName ?? name.formatted, 'displayName'),
    email: primaryEmailOf(body.emails),
    active: (body.active as boolean | undefined) ?? true,
  };
}

const FILTER_FIELDS: Record<string, UserFilterField> = {
  id: 'id',
  username: 'username',
  externalid: 'externalId',
  emails: 'email',
  'emails.value': 'email',
  'name.givenname': 'givenName',
  'name.familyname': 'familyName',
  'name.formatted': 'name',
  displayname: 'name',
  active: 'active',
};

/** A SCIM filter over Users in this server's terms; unknown attributes are refused (invalidFilter). */
export function userFilterOf(filter: ScimFilter): UserFilter {
  if (isLogical(filter)) return { op: filter.op, left: userFilterOf(filter.left), right: userFilterOf(filter.right) };
  const field = FILTER_FIELDS[shortPath(filter.attribute, USER_SCHEMA).toLowerCase()];
  if (!field) throw invalidFilter(`filtering on ${filter.attribute} is not supported`);
  if (filter.op === 'pr') return { op: 'pr', field };
  if (
    field === 'active' ? typeof filter.value !== 'boolean' : typeof filter.value !== 'string' && filter.value !== null
  )
    throw invalidFilter(`${filter.attribute} compares with a ${field === 'active' ? 'boolean' : 'string'}`);
  if (filter.op === 'eq') return { op: 'eq', field, value: filter.value as string | boolean | null };
  return { op: filter.op, field, value: filter.value as string };
}
