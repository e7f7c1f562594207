import { parseClaimsParameter } from './claims-parameter';

const invalid = expect.objectContaining({ error: 'invalid_request' });

describe('parseClaimsParameter', () => {
  it('keeps userinfo and id_token requests, each claim null or with essential, value, values', () => {
    const claims = parseClaimsParameter(
      JSON.stringify({
        userinfo: { email: { essential: true }, nickname: null },
        id_token: { acr: { values: ['urn:a', 'urn:b'] }, sub: { value: '123' } },
      }),
    );
    expect(claims).toEqual({
      userinfo: { email: { essential: true }, nickname: null },
      id_token: { acr: { values: ['urn:a', 'urn:b'] }, sub: { value: '123' } },
    });
  });

  it('ignores members it does not understand (OIDC Core §5.5)', () => {
    expect(parseClaimsParameter('{"userinfo":{"email":{"essential":true,"purpose":"x"}},"other":1}')).toEqual({
      userinfo: { email: { essential: true } },
    });
  });

  it('refuses what is not the right shape', () => {
    for (const bad of ['not json', '[]', '"x"', '{"userinfo":[]}', '{"id_token":{"email":true}}']) {
      expect(() => parseClaimsParameter(bad)).toThrow(invalid);
    }
    expect(() => parseClaimsParameter('{"userinfo":{"email":{"essential":"yes"}}}')).toThrow(invalid);
    expect(() => parseClaimsParameter('{"id_token":{"acr":{"values":"urn:a"}}}')).toThrow(invalid);
  });
});
