import type { AppConfig } from '../../config/app-config';
import { CsrfTokens } from './csrf-tokens';

const tokens = (cookieSecret = 'c'.repeat(32)) => new CsrfTokens({ cookieSecret } as AppConfig);

describe('CsrfTokens', () => {
  it('accepts the token of the same interaction only', () => {
    const csrf = tokens();
    const token = csrf.forInteraction('interaction-a');
    expect(csrf.matches('interaction-a', token)).toBe(true);
    expect(csrf.matches('interaction-b', token)).toBe(false);
  });

  it('refuses missing, malformed and foreign tokens', () => {
    const csrf = tokens();
    expect(csrf.matches('a', undefined)).toBe(false);
    expect(csrf.matches('a', ['x'])).toBe(false);
    expect(csrf.matches('a', '')).toBe(false);
    expect(csrf.matches('a', tokens('d'.repeat(32)).forInteraction('a'))).toBe(false);
  });
});
