import { DpopNonces, NONCE_WINDOW_S } from './dpop-nonce';

describe('DpopNonces (RFC 9449 §8)', () => {
  const t0 = 1_900_000_000_000;

  it('is the same on every replica sharing the secret, and differs under another secret', () => {
    expect(new DpopNonces('secret-a').current(t0)).toBe(new DpopNonces('secret-a').current(t0));
    expect(new DpopNonces('secret-b').current(t0)).not.toBe(new DpopNonces('secret-a').current(t0));
  });

  it('rotates every window and accepts a nonce for its window and the next only', () => {
    const nonces = new DpopNonces('secret');
    const first = nonces.current(t0);
    const later = t0 + NONCE_WINDOW_S * 1000;
    expect(nonces.current(later)).not.toBe(first);
    expect(nonces.isValid(first, t0)).toBe(true);
    expect(nonces.isValid(first, later)).toBe(true);
    expect(nonces.isValid(first, t0 + 2 * NONCE_WINDOW_S * 1000 + 1000)).toBe(false);
    expect(nonces.isValid('made-up', t0)).toBe(false);
  });
});
