import { assertValidProfile, assertValidUsername, isAcceptableEmail } from './user-input.validation';

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
    ['a combining grapheme joiner', 'alice\u034f'],
    ['a Hangul filler', 'alice\u115f'],
    ['a halfwidth Hangul filler', 'alice\uffa0'],
    ['a blank braille pattern', 'alice\u2800'],
    ['a variation selector', 'alice\ufe0f'],
    ['a supplementary variation selector', 'alice\u{e0100}'],
    ['a Mongolian variation selector', 'ali\u180bce'],
    ['a Khmer invisible vowel', 'alice\u17b4'],
    ['a soft hyphen', 'ali\u00adce'],
    ['a joiner between accented Latin letters', 'Z\u00f6\u200d\u00eb'],
    ['two joiners in a row in Persian', '\u0645\u06cc\u200c\u200c\u062e\u0648'],
    ['a joiner between CJK characters', '\u5c0f\u200c\u660e'],
    ['a ZWNJ between Devanagari letters without a virama', '\u0915\u200c\u0937'],
    ['a ZWNJ after an Arabic letter that does not join leftwards', '\u0631\u200c\u0627'],
    ['a ZWJ between Arabic letters', '\u0645\u200d\u062e'],
    ['a joiner after a Devanagari virama on a Latin letter', 'a\u094d\u200dlice'],
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
    // Devanagari: a virama followed by ZWJ (an explicit half form), then a letter.
    '\u0915\u094d\u200d\u0937',
    // Persian with a vowel mark before the ZWNJ.
    '\u0645\u0650\u200c\u062e\u0648',
  ])('takes %s', (username) => {
    expect(() => assertValidUsername(username)).not.toThrow();
  });
});

describe('isAcceptableEmail', () => {
  it.each([
    ['a zero-width space in the local part', 'ali\u200bce@example.com'],
    ['a zero-width space in the domain', 'alice@exa\u200bmple.com'],
    ['a right-to-left override', 'alice\u202e@example.com'],
    ['a soft hyphen', 'alice@ex\u00adample.com'],
    ['a fullwidth letter', '\uff41lice@example.com'],
    ['a separate combining accent', 'a\u0301lice@example.com'],
    ['a quoted local part', '"alice"@example.com'],
  ])('refuses %s', (_what, email) => {
    expect(isAcceptableEmail(email)).toBe(false);
  });

  it.each(['alice@example.com', 'zoë@example.com', 'alice+news@sub.example.org'])('takes %s', (email) => {
    expect(isAcceptableEmail(email)).toBe(true);
  });
});

describe('assertValidProfile, the claims with a format (OIDC Core §5.1)', () => {
  it.each([
    { birthdate: '1990-04-23' },
    { birthdate: '1990' },
    { birthdate: '0000-02-29' },
    { zoneinfo: 'America/Argentina/Buenos_Aires' },
    { website: 'https://example.com/', profile: 'http://example.com/me' },
    { gender: 'non-binary' },
  ])('takes %j', (input) => {
    expect(() => assertValidProfile(input)).not.toThrow();
  });

  it.each([
    { birthdate: '1990-13-01' },
    { birthdate: '2023-02-29' },
    { birthdate: '0000' },
    { birthdate: '1990-4-23' },
    { birthdate: '3000-01-01' },
    { birthdate: '3000' },
    { middleName: 'two\nlines' },
    { zoneinfo: 'Nowhere/Town' },
    { zoneinfo: '../etc' },
    { website: 'ftp://example.com/' },
    { profile: '/relative' },
    { gender: 'x'.repeat(65) },
    { nickname: 'n'.repeat(256) },
  ])('refuses %j', (input) => {
    expect(() => assertValidProfile(input)).toThrow(expect.objectContaining({ code: 'invalid_user' }));
  });
});
