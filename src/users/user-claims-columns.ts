import type { ClaimsUser } from './user-claims';

/** The users columns the standard claims are read from (id aside), by ClaimsUser property. */
const COLUMNS = {
  username: 'username',
  email: 'email',
  emailVerified: 'email_verified',
  name: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  middleName: 'middle_name',
  nickname: 'nickname',
  profile: 'profile',
  website: 'website',
  gender: 'gender',
  birthdate: 'birthdate',
  zoneinfo: 'zoneinfo',
  phoneNumber: 'phone_number',
  phoneNumberVerified: 'phone_number_verified',
  address: 'address',
  picture: 'picture',
  locale: 'locale',
  updatedAt: 'updated_at',
} as const satisfies Record<Exclude<keyof ClaimsUser, 'id'>, string>;

const PREFIX = 'user_';

/**
 * For a statement that reads a user's claims along with what it is about (userinfo's token
 * lookup): the select list of the users table under `alias`, each column renamed `user_<column>`
 * so that it cannot clash with the statement's own columns. claimsUserOfRow reads them back.
 */
export function userClaimsSelectList(alias: string): string {
  return Object.values(COLUMNS)
    .map((column) => `${alias}.${column} AS ${PREFIX}${column}`)
    .join(', ');
}

/**
 * The same columns as one JSON object (json_build_object under `alias`), for a statement that
 * only sometimes needs them: one column to parse, not twelve. claimsUserOfJsonRow reads it back.
 */
export function userClaimsJsonObject(alias: string): string {
  return `json_build_object(${Object.values(COLUMNS)
    .map((column) => `'${PREFIX}${column}', ${alias}.${column}`)
    .join(', ')})`;
}

// Each ClaimsUser property with its column's name in such a row: made once, not per userinfo request.
const ROW_COLUMNS: readonly (readonly [string, string])[] = Object.entries(COLUMNS).map(([property, column]) => [
  property,
  PREFIX + column,
]);

/** The user with `id` from a row selected with userClaimsSelectList. */
export function claimsUserOfRow(id: string, row: object): ClaimsUser {
  const values = row as Record<string, unknown>;
  const user: Record<string, unknown> = { id };
  for (const [property, column] of ROW_COLUMNS) user[property] = values[column];
  return user as unknown as ClaimsUser;
}

/** As claimsUserOfRow, for a row Postgres's row_to_json wrote, whose timestamps are ISO 8601 strings. */
export function claimsUserOfJsonRow(id: string, row: object): ClaimsUser {
  const user = claimsUserOfRow(id, row);
  const updatedAt: unknown = user.updatedAt;
  if (typeof updatedAt === 'string') user.updatedAt = new Date(updatedAt);
  return user;
}
