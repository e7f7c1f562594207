import { withoutSecrets } from './without-secrets';

describe('withoutSecrets', () => {
  it('redacts values under secret-looking keys at any depth and keeps the rest', () => {
    expect(
      withoutSecrets({
        clientName: 'Shop',
        clientSecret: 's3cr3t',
        tokenEndpointAuthMethod: 'client_secret_basic',
        accessTokenTtl: 300,
        nested: [{ password: 'hunter22', username: 'alice' }],
        changed: ['clientSecretHash'],
      }),
    ).toEqual({
      clientName: 'Shop',
      clientSecret: '[redacted]',
      tokenEndpointAuthMethod: 'client_secret_basic',
      accessTokenTtl: 300,
      nested: [{ password: '[redacted]', username: 'alice' }],
      changed: ['clientSecretHash'],
    });
  });

  it('leaves scalars and dates alone', () => {
    const at = new Date(0);
    expect(withoutSecrets('x')).toBe('x');
    expect(withoutSecrets({ at })).toEqual({ at });
  });
});
