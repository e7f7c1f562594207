import type { IntrospectedToken } from './introspected-token';
import { mayIntrospect, type IntrospectingClient } from './introspection-access';

const token = (over: Partial<IntrospectedToken> = {}): IntrospectedToken => ({
  kind: 'access_token',
  clientId: 'rp',
  userId: null,
  username: null,
  scope: [],
  audience: [],
  issuedAt: new Date(),
  expiresAt: new Date(),
  dpopJkt: null,
  authTime: null,
  amr: [],
  ...over,
});
const caller = (over: Partial<IntrospectingClient> = {}): IntrospectingClient => ({
  clientId: 'other',
  isResourceServer: false,
  isPublic: false,
  ...over,
});

describe('mayIntrospect', () => {
  it('lets a client see its own access and refresh tokens, public or not', () => {
    for (const kind of ['access_token', 'refresh_token'] as const) {
      expect(mayIntrospect(caller({ clientId: 'rp' }), token({ kind }))).toBe(true);
      expect(mayIntrospect(caller({ clientId: 'rp', isPublic: true }), token({ kind }))).toBe(true);
    }
  });

  it("hides another client's token from an ordinary client", () => {
    expect(mayIntrospect(caller(), token())).toBe(false);
  });

  it("shows another client's access token to a resource server and to a client in its audience", () => {
    expect(mayIntrospect(caller({ isResourceServer: true }), token())).toBe(true);
    expect(mayIntrospect(caller(), token({ audience: ['api', 'other'] }))).toBe(true);
  });

  it("never shows another client's refresh token, not even to a resource server (RFC 6749 §1.5)", () => {
    expect(mayIntrospect(caller({ isResourceServer: true }), token({ kind: 'refresh_token' }))).toBe(false);
    expect(mayIntrospect(caller(), token({ kind: 'refresh_token', audience: ['other'] }))).toBe(false);
  });

  it('shows the resource server of an API resource only the access tokens for that resource (RFC 8707 audience)', () => {
    const a = 'https://a.example.com/';
    const b = 'https://b.example.com/';
    const serverOfB = caller({ clientId: 'b-server', isResourceServer: true });
    expect(mayIntrospect(serverOfB, token({ audience: [b] }), [b])).toBe(true);
    expect(mayIntrospect(serverOfB, token({ audience: [a, b] }), [b])).toBe(true);
    expect(mayIntrospect(serverOfB, token({ audience: [a] }), [b])).toBe(false);
    // A token for this server (no resource named) is not for resource B either.
    expect(mayIntrospect(serverOfB, token({ audience: [] }), [b])).toBe(false);
    expect(mayIntrospect(serverOfB, token({ kind: 'refresh_token', audience: [b] }), [b])).toBe(false);
  });

  it("shows a public client nothing of others' tokens, whatever it is registered as", () => {
    const publicClient = caller({ isPublic: true, isResourceServer: true });
    expect(mayIntrospect(publicClient, token())).toBe(false);
    expect(mayIntrospect(publicClient, token({ audience: ['other'] }))).toBe(false);
  });
});
