import { ScimError } from './scim-error';
import { parseScimFilter } from './scim-filter';

const refused = (filter: string) => {
  try {
    parseScimFilter(filter);
  } catch (error) {
    return error instanceof ScimError && error.status === 400 && error.scimType === 'invalidFilter';
  }
  return false;
};

describe('parseScimFilter (RFC 7644 §3.4.2.2 subset)', () => {
  it('parses a comparison with a JSON string, operators case-insensitively', () => {
    expect(parseScimFilter('userName EQ "bjensen\\"x"')).toEqual({
      op: 'eq',
      attribute: 'userName',
      value: 'bjensen"x',
    });
    expect(parseScimFilter('active eq true')).toEqual({ op: 'eq', attribute: 'active', value: true });
    expect(parseScimFilter('title pr')).toEqual({ op: 'pr', attribute: 'title' });
    expect(parseScimFilter('name.familyName co "O\'Malley"')).toMatchObject({ op: 'co', attribute: 'name.familyName' });
  });

  it('binds and tighter than or, and honours parentheses', () => {
    expect(parseScimFilter('a eq "1" or b eq "2" and c pr')).toEqual({
      op: 'or',
      left: { op: 'eq', attribute: 'a', value: '1' },
      right: { op: 'and', left: { op: 'eq', attribute: 'b', value: '2' }, right: { op: 'pr', attribute: 'c' } },
    });
    expect(parseScimFilter('(a eq "1" or b eq "2") and c pr')).toMatchObject({ op: 'and', left: { op: 'or' } });
  });

  it('accepts attribute names with a schema URN prefix', () => {
    expect(parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "j"')).toMatchObject({
      op: 'sw',
      value: 'j',
    });
  });

  it.each([
    'userName ne "x"',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'not (userName eq "x")',
    'emails[type eq "work"]',
    'userName eq',
    'userName eq "x" and',
    '(userName eq "x"',
    'userName eq "x")',
    'userName eq "unterminated',
    'userName co true',
    '',
    'userName eq "x" garbage',
    'userName eq "a\\u0000b"',
  ])('refuses %j with invalidFilter', (filter) => {
    expect(refused(filter)).toBe(true);
  });
});
