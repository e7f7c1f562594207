import createError from 'http-errors';
import { OAuthErrors } from '../common/errors/oauth-error';
import { scimErrorOfRequestRefusal } from './scim-request-refusals';

describe('scimErrorOfRequestRefusal', () => {
  it('gives body-parser’s refusals their status, and never quotes the body', () => {
    const refusal = (status: number, type: string) =>
      scimErrorOfRequestRefusal(
        createError(status, 'Unexpected token in JSON: {"password":"x"', { type, limit: 65536 }),
      )?.toJSON();
    expect(refusal(413, 'entity.too.large')).toMatchObject({ status: '413', detail: expect.stringContaining('65536') });
    expect(refusal(400, 'entity.parse.failed')).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect(refusal(415, 'charset.unsupported')).toMatchObject({ status: '415' });
    expect(refusal(415, 'encoding.unsupported')).toMatchObject({ status: '415' });
    expect(JSON.stringify(refusal(400, 'request.aborted'))).not.toContain('password');
  });

  it('takes the NUL check’s 400 as invalidValue, and leaves anything else alone', () => {
    const nul = scimErrorOfRequestRefusal(OAuthErrors.invalidRequest('the request contains a NUL character'));
    expect(nul?.toJSON()).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(scimErrorOfRequestRefusal(new Error('boom'))).toBeUndefined();
    expect(scimErrorOfRequestRefusal(createError(500, 'stream', { type: 'stream.not.readable' }))).toBeUndefined();
  });
});
