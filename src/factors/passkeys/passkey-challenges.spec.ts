import type { UsedJtiStore } from '../../common/replay/used-jti.store';
import type { AppConfig } from '../../config/app-config';
import { CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges';

/** UsedJtiStore's contract, in memory: first one wins. */
function memoryUsedJtis(): UsedJtiStore {
  const used = new Set<string>();
  return {
    consume: (key: string) => Promise.resolve(!used.has(key) && Boolean(used.add(key))),
  } as unknown as UsedJtiStore;
}

const challenges = (cookieSecret = 'c'.repeat(32)) =>
  new PasskeyChallenges({ cookieSecret } as AppConfig, memoryUsedJtis());

describe('PasskeyChallenges', () => {
  it('makes random challenges of 38 bytes (base64url), each spent once', async () => {
    const made = challenges();
    const challenge = made.issue('sign-in', null);
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{51}$/);
    expect(made.issue('sign-in', null)).not.toBe(challenge);
    expect(await made.spend(challenge, 'sign-in', null)).toBe(true);
    expect(await made.spend(challenge, 'sign-in', null)).toBe(false);
  });

  it('refuses a challenge made for another purpose or another user', async () => {
    const made = challenges();
    expect(await made.spend(made.issue('registration', 'alice'), 'second-factor', 'alice')).toBe(false);
    expect(await made.spend(made.issue('second-factor', 'alice'), 'second-factor', 'bob')).toBe(false);
    expect(await made.spend(made.issue('second-factor', 'alice'), 'sign-in', null)).toBe(false);
    expect(await made.spend(made.issue('second-factor', 'alice'), 'second-factor', 'alice')).toBe(true);
  });

  it('refuses an expired challenge, and one made under another secret or altered', async () => {
    const made = challenges();
    const issuedAt = Date.now();
    const old = made.issue('sign-in', null, issuedAt);
    expect(await made.spend(old, 'sign-in', null, issuedAt + CHALLENGE_TTL_SECONDS * 1000)).toBe(false);
    expect(await made.spend(challenges('d'.repeat(32)).issue('sign-in', null), 'sign-in', null)).toBe(false);
    const bytes = Buffer.from(made.issue('sign-in', null), 'base64url');
    bytes[17] ^= 1;
    expect(await made.spend(bytes.toString('base64url'), 'sign-in', null)).toBe(false);
    expect(await made.spend('', 'sign-in', null)).toBe(false);
    expect(await made.spend('not a challenge', 'sign-in', null)).toBe(false);
  });
});
