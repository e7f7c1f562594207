import { isHintForSession } from './logout-trust';

const session = { id: 'session-1', userId: 'alice' };
// A hint's sub names a user as its client knows them (SubjectIdentifiers); here, by their id.
const hint = (sub: string, sid?: string) => ({ sid, names: (userId: string) => userId === sub });

describe('isHintForSession', () => {
  it('trusts a hint of this session and this user', () => {
    expect(isHintForSession(hint('alice', 'session-1'), session)).toBe(true);
  });

  it('does not trust a hint of another session or user, one without sid, or no hint', () => {
    expect(isHintForSession(hint('alice', 'session-2'), session)).toBe(false);
    expect(isHintForSession(hint('bob', 'session-1'), session)).toBe(false);
    expect(isHintForSession(hint('alice'), session)).toBe(false);
    expect(isHintForSession(undefined, session)).toBe(false);
  });
});
