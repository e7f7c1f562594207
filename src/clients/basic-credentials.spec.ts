import { parseBasicCredentials } from './basic-credentials';

const basic = (raw: string) => `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`;

describe('parseBasicCredentials', () => {
  it('reads client_id and secret', () => {
    expect(parseBasicCredentials(basic('my-client:s3cret'))).toEqual({ clientId: 'my-client', clientSecret: 's3cret' });
  });

  it('form-url-decodes both parts (RFC 6749 §2.3.1)', () => {
    const id = encodeURIComponent('client:with spaces%').replace(/%20/g, '+');
    const secret = encodeURIComponent('p@ss:wörd+/=');
    expect(parseBasicCredentials(basic(`${id}:${secret}`))).toEqual({
      clientId: 'client:with spaces%',
      clientSecret: 'p@ss:wörd+/=',
    });
  });

  it('splits at the first colon only', () => {
    expect(parseBasicCredentials(basic('a:b:c'))).toEqual({ clientId: 'a', clientSecret: 'b:c' });
  });

  it('accepts the scheme in any case and an empty secret', () => {
    expect(parseBasicCredentials(`bASIC ${Buffer.from('a:').toString('base64')}`)).toEqual({
      clientId: 'a',
      clientSecret: '',
    });
  });

  it.each([
    ['another scheme', `Bearer ${Buffer.from('a:b').toString('base64')}`],
    ['no credentials', 'Basic '],
    ['no colon', basic('just-an-id')],
    ['an empty client_id', basic(':secret')],
    ['a bad percent-escape', basic('a%zz:b')],
    ['characters outside base64', 'Basic a:b'],
    ['extra parameters', `${basic('a:b')}, realm="x"`],
    ['a control character in the client_id (RFC 7617 §2)', basic('a\u0000b:secret')],
    ['an encoded NUL in the secret', basic('a:s%00')],
    ['a line break in the client_id', basic('a%0D%0Ab:secret')],
  ])('refuses %s', (_what, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });
});
