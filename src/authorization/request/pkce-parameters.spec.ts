import type { Client } from '../../clients/client.entity';
import { checkPkce } from './pkce-parameters';

const client = (fields: Partial<Client>) =>
  ({ tokenEndpointAuthMethod: 'client_secret_basic', requirePkce: false, allowPlainPkce: false, ...fields }) as Client;
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const invalid = expect.objectContaining({ error: 'invalid_request' });

describe('checkPkce', () => {
  it('accepts S256', () => {
    expect(checkPkce(client({}), challenge, 'S256')).toEqual({ codeChallenge: challenge, codeChallengeMethod: 'S256' });
  });

  it('requires a challenge of public clients and of clients registered with requirePkce', () => {
    expect(checkPkce(client({}), undefined, undefined)).toEqual({});
    expect(() =>
      checkPkce(client({ tokenEndpointAuthMethod: 'none', requirePkce: true }), undefined, undefined),
    ).toThrow(invalid);
    expect(() => checkPkce(client({ requirePkce: true }), undefined, undefined)).toThrow(invalid);
  });

  it('refuses plain, explicit or by default (RFC 7636 §4.3), unless the client is allowed it', () => {
    expect(() => checkPkce(client({}), challenge, 'plain')).toThrow(invalid);
    expect(() => checkPkce(client({}), challenge, undefined)).toThrow(invalid);
    expect(checkPkce(client({ allowPlainPkce: true }), challenge, undefined)).toEqual({
      codeChallenge: challenge,
      codeChallengeMethod: 'plain',
    });
  });

  it('refuses unknown methods, malformed challenges and a method without a challenge', () => {
    expect(() => checkPkce(client({}), challenge, 'S512')).toThrow(invalid);
    expect(() => checkPkce(client({}), 'too-short', 'S256')).toThrow(invalid);
    expect(() => checkPkce(client({}), `${challenge}+/=`, 'S256')).toThrow(invalid);
    expect(() => checkPkce(client({}), undefined, 'S256')).toThrow(invalid);
  });
});
