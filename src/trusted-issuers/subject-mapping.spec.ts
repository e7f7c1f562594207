import { mappedSubjectValue, parseSubjectMapping } from './subject-mapping';

describe('subject mapping', () => {
  it('knows the three forms', () => {
    expect(parseSubjectMapping('sub_is_user_id')).toEqual({ kind: 'user_id', claim: 'sub' });
    expect(parseSubjectMapping('sub_is_username')).toEqual({ kind: 'username', claim: 'sub' });
    expect(parseSubjectMapping('claim:email')).toEqual({ kind: 'login', claim: 'email' });
    expect(parseSubjectMapping('claim:')).toBeUndefined();
    expect(parseSubjectMapping('claim:has space')).toBeUndefined();
    expect(parseSubjectMapping('email')).toBeUndefined();
  });

  it('reads the value to look the user up by, if it is a non-empty string', () => {
    const mapping = parseSubjectMapping('claim:upn')!;
    expect(mappedSubjectValue(mapping, { upn: 'ada@corp' })).toBe('ada@corp');
    expect(mappedSubjectValue(mapping, { upn: 42 })).toBeUndefined();
    expect(mappedSubjectValue(mapping, { upn: '' })).toBeUndefined();
  });
});
