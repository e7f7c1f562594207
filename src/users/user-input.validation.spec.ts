import { assertValidUsername } from './user-input.validation';

describe('assertValidUsername', () => {
  it.each([
    ['a zero-width space', 'alice\u200b'],
    ['a right-to-left override', '\u202eecila'],
    ['a line separator', 'ali\u2028ce'],
    ['fullwidth letters', '\uff41lice'],
    ['a separate combining accent', 'bo\u0301b'],
    ['a no-break space', 'alice\u00a0liddell'],
    ['a zero-width joiner between Latin letters', 'ali\u200dce'],
    ['a zero-width non-joiner at the end', '\u0645\u06cc\u200c'],
  ])('refuses %s, which would look like another name', (_what, username) => {
    expect(() => assertValidUsername(username)).toThrow(expect.objectContaining({ code: 'invalid_user' }));
  });

  it.each([
    'alice',
    'alice.liddell@example.com',
    'bób',
    'Zoë',
    '小明',
    'alice liddell',
    '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
  ])('takes %s', (username) => {
    expect(() => assertValidUsername(username)).not.toThrow();
  });
});
