import { claimsToGrant } from './claims-to-grant';

describe('claimsToGrant', () => {
  const receivable = new Set(['email', 'email_verified', 'phone_number', 'name']);
  const byScope = new Set(['email', 'email_verified']);

  it('drops user claims the client may not receive, keeps protocol claims, and names the rest for consent', () => {
    const granted = claimsToGrant(
      {
        userinfo: { email: null, phone_number: null, address: null },
        id_token: { name: { essential: true }, acr: { essential: true, values: ['1'] }, sub: { value: 'x' } },
      },
      receivable,
      byScope,
    );
    expect(granted.claims).toEqual({
      userinfo: { email: null, phone_number: null },
      id_token: { name: { essential: true }, acr: { essential: true, values: ['1'] }, sub: { value: 'x' } },
    });
    expect(granted.individualClaims).toEqual(['name', 'phone_number']);
  });

  it('asks for nothing when the requested scopes release every claim asked for', () => {
    expect(claimsToGrant({ userinfo: { email: null } }, receivable, byScope).individualClaims).toEqual([]);
    expect(claimsToGrant(undefined, receivable, byScope)).toEqual({ individualClaims: [] });
  });
});
