import { storable, storableText } from './storable-text';

describe('storable text', () => {
  it('replaces lone surrogates and drops NUL, keeping every well-formed character', () => {
    expect(storableText('\ud800 backup')).toBe('\ufffd backup');
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('Équipe 🚀')).toBe('Équipe 🚀');
  });

  it('reaches strings and keys at any depth, leaving other values alone', () => {
    const when = new Date(0);
    expect(storable({ name: '\udc00', list: ['x\u0000', 1, null, { ['k\ud800']: true }], when })).toEqual({
      name: '\ufffd',
      list: ['x', 1, null, { 'k\ufffd': true }],
      when,
    });
  });
});
