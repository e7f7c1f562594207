import { isBrowserNonce, isInteractionOf, newBrowserNonce, newInteractionId } from './interaction-binding';

const SECRET = 's'.repeat(32);

describe('interaction ids bound to a browser nonce', () => {
  it('is valid for the browser it was made for, with the secret it was made with, and for no other', () => {
    const nonce = newBrowserNonce();
    expect(isBrowserNonce(nonce)).toBe(true);
    const id = newInteractionId(SECRET, nonce);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isInteractionOf(SECRET, nonce, id)).toBe(true);
    expect(isInteractionOf(SECRET, newBrowserNonce(), id)).toBe(false);
    expect(isInteractionOf('t'.repeat(32), nonce, id)).toBe(false);
  });

  it('refuses an altered or truncated id and a value that is no nonce', () => {
    const nonce = newBrowserNonce();
    const id = newInteractionId(SECRET, nonce);
    const flipped = `${id.slice(0, 30)}${id[30] === 'A' ? 'B' : 'A'}${id.slice(31)}`;
    expect(isInteractionOf(SECRET, nonce, flipped)).toBe(false);
    expect(isInteractionOf(SECRET, nonce, id.slice(0, 42))).toBe(false);
    expect(isInteractionOf(SECRET, nonce, `${id}A`)).toBe(false);
    expect(isBrowserNonce('short')).toBe(false);
    expect(isBrowserNonce(undefined)).toBe(false);
  });
});
