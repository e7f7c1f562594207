import type { ServerResponse } from 'node:http';
import { sendUserinfo } from './userinfo-response';

function fakeResponse() {
  const headers: Record<string, unknown> = {};
  const res = {
    statusCode: 0,
    body: undefined as unknown,
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
    end: (body: unknown) => (res.body = body),
  };
  return {
    res,
    headers,
    send: (r: Parameters<typeof sendUserinfo>[1]) => sendUserinfo(res as unknown as ServerResponse, r),
  };
}

describe('sendUserinfo', () => {
  it('sends the claims as JSON', () => {
    const { res, headers, send } = fakeResponse();
    send({ claims: { sub: 'é' } });
    expect(res.statusCode).toBe(200);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(String(res.body)).toBe('{"sub":"é"}');
  });

  it('sends a signed response as the JWT itself, application/jwt (OIDC Core §5.3.2)', () => {
    const { res, headers, send } = fakeResponse();
    send({ jwt: 'aaa.bbb.ccc' });
    expect(res.statusCode).toBe(200);
    expect(headers['content-type']).toBe('application/jwt');
    expect(headers['content-length']).toBe(11);
    expect(res.body).toBe('aaa.bbb.ccc');
  });
});
