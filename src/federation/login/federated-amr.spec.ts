import { acrOf } from '../../authenticators/acr';
import { federatedAmr } from './federated-amr';

describe('federatedAmr', () => {
  it('says fed alone: the upstream’s methods count for nothing here, so the sign-in is one factor', () => {
    expect(federatedAmr()).toEqual(['fed']);
    expect(acrOf(federatedAmr())).toBe('1');
  });
});
