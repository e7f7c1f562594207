/** The user fields a directory filter (SCIM) may compare. */
export type UserFilterField =
  'id' | 'username' | 'email' | 'name' | 'givenName' | 'familyName' | 'externalId' | 'active';

export type UserFilterLogical = { op: 'and' | 'or'; left: UserFilter; right: UserFilter };
export type UserFilterComparison =
  | { op: 'eq'; field: UserFilterField; value: string | boolean | null }
  | { op: 'co' | 'sw'; field: UserFilterField; value: string }
  | { op: 'pr'; field: UserFilterField };
export type UserFilter = UserFilterLogical | UserFilterComparison;

const isLogical = (f: UserFilter): f is UserFilterLogical => f.op === 'and' || f.op === 'or';

// Usernames, emails and names compare case-insensitively (RFC 7643 §4.1.1 caseExact false);
// ids and externalId exactly (caseExact true).
const COLUMNS: Record<UserFilterField, { sql: string; caseExact: boolean }> = {
  id: { sql: 'u.id::text', caseExact: true },
  username: { sql: 'u.username', caseExact: false },
  email: { sql: 'u.email', caseExact: false },
  name: { sql: 'u.name', caseExact: false },
  givenName: { sql: 'u.given_name', caseExact: false },
  familyName: { sql: 'u.family_name', caseExact: false },
  externalId: { sql: 'u.external_id', caseExact: true },
  active: { sql: '(NOT u.disabled)', caseExact: true },
};

const likePattern = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter as a WHERE clause over users u, with its named parameters. */
export function userFilterSql(filter: UserFilter): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const param = (value: unknown) => {
    const name = `f${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  };
  const build = (f: UserFilter): string => {
    if (isLogical(f)) return `(${build(f.left)} ${f.op.toUpperCase()} ${build(f.right)})`;
    const column = COLUMNS[f.field];
    if (f.op === 'pr') return f.field === 'active' ? 'TRUE' : `(${column.sql} IS NOT NULL AND ${column.sql} <> '')`;
    if (f.op === 'eq') {
      if (f.value === null) return `${column.sql} IS NULL`;
      if (typeof f.value === 'boolean') return `${column.sql} = ${param(f.value)}`;
      return column.caseExact ? `${column.sql} = ${param(f.value)}` : `lower(${column.sql}) = lower(${param(f.value)})`;
    }
    const pattern = f.op === 'co' ? `%${likePattern(f.value)}%` : `${likePattern(f.value)}%`;
    return `${column.sql} ${column.caseExact ? 'LIKE' : 'ILIKE'} ${param(pattern)}`;
  };
  return { sql: build(filter), params };
}
