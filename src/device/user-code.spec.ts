import { formatUserCode, newUserCode, normaliseUserCode } from './user-code';

describe('user codes (RFC 8628 §6.1)', () => {
  it('are 8 letters without vowels, shown as two groups of four', () => {
    for (let i = 0; i < 200; i++) expect(newUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    expect(formatUserCode('BCDFGHJK')).toBe('BCDF-GHJK');
  });

  it('match whatever case, hyphens and spaces the user types', () => {
    expect(normaliseUserCode('bcdf-ghjk')).toBe('BCDFGHJK');
    expect(normaliseUserCode(' BCDF GHJK ')).toBe('BCDFGHJK');
    expect(normaliseUserCode('BCDFGHJK')).toBe('BCDFGHJK');
  });

  it('refuses what cannot be a user code', () => {
    for (const bad of ['BCDF-GHJ', 'BCDF-GHJKL', 'ABCD-EFGH', 'BCDF-GHJ1', '', undefined, ['BCDFGHJK'], 'B'.repeat(65)])
      expect(normaliseUserCode(bad)).toBeUndefined();
  });
});
