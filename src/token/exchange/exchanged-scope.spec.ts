import type { Client } from '../../clients/client.entity';
import { exchangedScope } from './exchanged-scope';
import type { PresentedToken } from './presented-token';

const client = { allowedScopes: ['openid', 'orders:read', 'orders:write'], defaultScopes: ['openid'] } as Client;
const subject = (scope: string[]): PresentedToken => ({
  userId: 'u',
  clientId: 'c',
  scope,
  grantId: null,
  authTime: null,
  expiresAt: new Date(),
  dpopJkt: null,
});

describe('exchangedScope (RFC 8693 §2.1)', () => {
  it('narrows the subject token scope, and refuses to widen it', () => {
    expect(exchangedScope(['orders:read'], subject(['openid', 'orders:read']), client)).toEqual(['orders:read']);
    expect(() => exchangedScope(['orders:write'], subject(['orders:read']), client)).toThrow(
      expect.objectContaining({ error: 'invalid_scope' }),
    );
  });

  it('keeps what the client may hold of the subject scope when none is asked for, never offline_access', () => {
    expect(exchangedScope(undefined, subject(['openid', 'orders:read', 'email', 'offline_access']), client)).toEqual([
      'openid',
      'orders:read',
    ]);
  });

  it('bounds an ID token subject by the scope of its grant, like any other', () => {
    const idToken = subject(['openid']);
    expect(() => exchangedScope(['openid', 'orders:read'], idToken, client)).toThrow(
      expect.objectContaining({ error: 'invalid_scope' }),
    );
    expect(exchangedScope(undefined, idToken, client)).toEqual(['openid']);
  });
});
