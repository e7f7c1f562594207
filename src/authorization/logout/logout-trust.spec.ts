import { isHintForSession } from './logout-trust';

const session = { id: 'session-1', userId: 'alice' };

describe('isHintForSession', () => {
  it('trusts a hint of this session and this user', () => {
    expect(isHintForSession({ sub: 'alice', sid: 'session-1' }, session)).toBe(true);
  });

  it('does not trust a hint of another session or user, one without sid, or no hint', () => {
    expect(isHintForSession({ sub: 'alice', sid: 'session-2' }, session)).toBe(false);
    expect(isHintForSession({ sub: 'bob', sid: 'session-1' }, session)).toBe(false);
    expect(isHintForSession({ sub: 'alice' }, session)).toBe(false);
    expect(isHintForSession(undefined, session)).toBe(false);
  });
});
