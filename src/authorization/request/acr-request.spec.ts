import { essentialAcrValues, meetsEssentialAcr, withAcrValues } from './acr-request';

describe('acr requests', () => {
  it('reads the values an essential acr insists on, from value or values', () => {
    expect(essentialAcrValues({ id_token: { acr: { essential: true, values: ['a', 'b'] } } })).toEqual(['a', 'b']);
    expect(essentialAcrValues({ id_token: { acr: { essential: true, value: 'a' } } })).toEqual(['a']);
    expect(essentialAcrValues({ id_token: { acr: { values: ['a'] } } })).toBeUndefined();
    expect(essentialAcrValues({ id_token: { acr: { essential: true } } })).toBeUndefined();
    expect(essentialAcrValues({ userinfo: { acr: { essential: true, value: 'a' } } })).toBeUndefined();
  });

  it('folds acr_values in as a voluntary acr request unless the claims parameter asks for acr', () => {
    expect(withAcrValues(undefined, ['1'])).toEqual({ id_token: { acr: { values: ['1'] } } });
    expect(withAcrValues({ userinfo: { email: null } }, [])).toEqual({ userinfo: { email: null } });
    const asked = { id_token: { acr: { essential: true, value: '2' } } };
    expect(withAcrValues(asked, ['1'])).toBe(asked);
  });

  it('meets an essential acr only with the level the sign-in reached', () => {
    expect(meetsEssentialAcr({ id_token: { acr: { essential: true, values: ['1'] } } }, ['pwd'])).toBe(true);
    expect(meetsEssentialAcr({ id_token: { acr: { essential: true, values: ['2'] } } }, ['pwd'])).toBe(false);
    expect(meetsEssentialAcr(undefined, [])).toBe(true);
  });
});
