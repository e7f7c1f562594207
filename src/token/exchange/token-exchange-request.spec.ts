import { TokenTypeUri } from '../../clients/token-exchange-policy';
import { TokenRequestParams } from '../endpoint/token-request-params';
import { readTokenExchangeRequest } from './token-exchange-request';

const params = (values: Record<string, string>, resources: string[] = []) =>
  new TokenRequestParams(
    'urn:ietf:params:oauth:grant-type:token-exchange',
    undefined,
    new Map(Object.entries(values)),
    resources,
  );
const subject = { subject_token: 's', subject_token_type: TokenTypeUri.AccessToken };

describe('readTokenExchangeRequest', () => {
  it('reads the subject, the actor and the targets, resource repeated (RFC 8707 §2)', () => {
    expect(
      readTokenExchangeRequest(
        params({ ...subject, actor_token: 'a', actor_token_type: TokenTypeUri.Jwt, audience: 'orders-api' }, [
          'https://orders.example.com/',
          'https://billing.example.com/',
        ]),
      ),
    ).toEqual({
      subject: { token: 's', type: TokenTypeUri.AccessToken },
      actor: { token: 'a', type: TokenTypeUri.Jwt },
      targets: ['orders-api', 'https://orders.example.com/', 'https://billing.example.com/'],
    });
  });

  it('merges an audience and a resource that are the same', () => {
    const same = 'https://orders.example.com/';
    expect(readTokenExchangeRequest(params({ ...subject, audience: same }, [same])).targets).toEqual([same]);
  });

  it.each([
    [{ subject_token: 's' }, 'invalid_request'],
    [{ ...subject, subject_token_type: 'urn:x' }, 'invalid_request'],
    [{ ...subject, actor_token: 'a' }, 'invalid_request'],
    [{ ...subject, actor_token_type: TokenTypeUri.AccessToken }, 'invalid_request'],
    [{ ...subject, requested_token_type: TokenTypeUri.Jwt }, 'invalid_request'],
  ])('refuses %j with %s', (values, error) => {
    expect(() => readTokenExchangeRequest(params(values))).toThrow(expect.objectContaining({ error }));
  });
});
