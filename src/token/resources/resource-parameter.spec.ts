import { readResourceParameter } from './resource-parameter';

describe('readResourceParameter', () => {
  it('reads one value or several, merging repeats, and none as the empty list', () => {
    expect(readResourceParameter(undefined)).toEqual([]);
    expect(readResourceParameter('https://a.example.com/')).toEqual(['https://a.example.com/']);
    expect(readResourceParameter(['https://a.example.com/', 'urn:b', 'https://a.example.com/'])).toEqual([
      'https://a.example.com/',
      'urn:b',
    ]);
  });

  it.each([['relative/path'], ['https://a.example.com/#x'], [['https://a.example.com/', 3]], [{ a: 1 }]])(
    'refuses %j with invalid_target (RFC 8707 §2)',
    (value) =>
      expect(() => readResourceParameter(value)).toThrow(
        expect.objectContaining({
          error: 'invalid_target',
          errorDescription: 'resource must be an absolute URI without a fragment (RFC 8707 section 2)',
        }),
      ),
  );
});
