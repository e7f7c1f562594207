import type { Request } from 'express';
import { presentedAdminToken } from './presented-admin-token';

const request = (headers: Record<string, string>) =>
  ({ get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe('presentedAdminToken', () => {
  it('reads X-Admin-Token first, then a bearer token of any case', () => {
    expect(presentedAdminToken(request({ 'x-admin-token': ' abc ', authorization: 'Bearer xyz' }))).toEqual({
      token: 'abc',
      via: 'header',
    });
    expect(presentedAdminToken(request({ authorization: 'bearer xyz.1~+/=' }))).toEqual({
      token: 'xyz.1~+/=',
      via: 'bearer',
    });
  });

  it('finds nothing in other schemes or malformed headers', () => {
    for (const authorization of ['Basic eDp5', 'Bearer', 'Bearer a b', 'Bearerabc'])
      expect(presentedAdminToken(request({ authorization }))).toBeNull();
    expect(presentedAdminToken(request({}))).toBeNull();
  });
});
