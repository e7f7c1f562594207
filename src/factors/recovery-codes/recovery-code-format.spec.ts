import { newRecoveryCode, normalisedRecoveryCode, typedRecoveryCode } from './recovery-code-format';

describe('recovery code format', () => {
  it('makes codes of 16 Crockford base32 characters in groups of four, all different', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('reads a typed code in the form it was stored: case, spaces and dashes ignored, o/i/l read as digits', () => {
    const shown = 'ab01-cd23-ef45-gh67';
    const stored = normalisedRecoveryCode(shown);
    expect(stored).toBe('ab01cd23ef45gh67');
    expect(typedRecoveryCode(shown)).toBe(stored);
    expect(typedRecoveryCode(' AB01 CD23 EF45 GH67 ')).toBe(stored);
    expect(typedRecoveryCode('abO1-cd23-ef45-gh67')).toBe(stored);
    expect(typedRecoveryCode('a60l-cd23-ef45-gh67')).toBe('a601cd23ef45gh67');
  });

  it('refuses what cannot be a code', () => {
    expect(typedRecoveryCode('ab01-cd23-ef45')).toBeUndefined();
    expect(typedRecoveryCode('ab01-cd23-ef45-gh6u')).toBeUndefined();
    expect(typedRecoveryCode('123456')).toBeUndefined();
    expect(typedRecoveryCode(42)).toBeUndefined();
    expect(typedRecoveryCode('a'.repeat(100))).toBeUndefined();
  });
});
