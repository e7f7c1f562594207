import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { claimsUserOfJsonRow, claimsUserOfRow, userClaimsSelectList } from './user-claims-columns';

const ID = '7d3f8a4e-1c2b-4d5e-8f90-123456789abc';

/** The columns userClaimsSelectList selects, as `column → name in the row`. */
const selected = (list: string) =>
  list.split(', ').map((item) => {
    const [column, alias] = item.split(' AS ');
    return { column: column.replace(/^u\./, ''), alias };
  });

describe('user claims columns', () => {
  it('selects each column under the alias, renamed user_<column>', () => {
    for (const { column, alias } of selected(userClaimsSelectList('u'))) expect(alias).toBe(`user_${column}`);
  });

  it('reads back into the user every column it selected, under the property the entity maps to it', () => {
    const naming = new SnakeNamingStrategy();
    const row: Record<string, unknown> = {};
    for (const { alias } of selected(userClaimsSelectList('u'))) row[alias] = `value of ${alias}`;
    const user = claimsUserOfRow(ID, row) as unknown as Record<string, unknown>;
    expect(user.id).toBe(ID);
    const properties = Object.keys(user).filter((p) => p !== 'id');
    expect(properties).toHaveLength(Object.keys(row).length);
    for (const property of properties)
      expect(user[property]).toBe(`value of user_${naming.columnName(property, undefined, [])}`);
  });

  it('reads the profile a claim comes from, and nothing else of the user', () => {
    const list = userClaimsSelectList('u');
    expect(list).toContain('u.given_name AS user_given_name');
    expect(list).not.toMatch(/password|disabled|roles/);
  });

  it('reads a row_to_json row alike, its updated_at string back into a Date', () => {
    const row = {
      user_username: 'alice',
      user_email_verified: true,
      user_address: { country: 'NZ' },
      user_updated_at: '2026-12-04T21:30:15.123456+00:00',
    };
    const user = claimsUserOfJsonRow(ID, row);
    expect(user).toMatchObject({ id: ID, username: 'alice', emailVerified: true, address: { country: 'NZ' } });
    expect(user.updatedAt).toEqual(new Date('2026-12-04T21:30:15.123Z'));
    expect(claimsUserOfJsonRow(ID, { ...row, user_updated_at: null }).updatedAt).toBeNull();
  });
});
