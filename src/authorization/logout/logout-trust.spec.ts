import { Client } from '../../clients/client.entity';
import { isHintForSession } from './logout-trust';

const session = { id: 'session-1', userId: 'alice' };
const client = new Client();
const hint = (sub: string, sid?: string) => ({ client, sub, sid });
// A hint's sub names a user as its client knows them (SubjectIdentifiers); here, by their id.
const subjects = { isSubjectOf: (_client: Client, sub: string, userId: string) => sub === userId };

describe('isHintForSession', () => {
  it('trusts a hint of this session and this user', () => {
    expect(isHintForSession(hint('alice', 'session-1'), session, subjects)).toBe(true);
  });

  it('does not trust a hint of another session or user, one without sid, or no hint', () => {
    expect(isHintForSession(hint('alice', 'session-2'), session, subjects)).toBe(false);
    expect(isHintForSession(hint('bob', 'session-1'), session, subjects)).toBe(false);
    expect(isHintForSession(hint('alice'), session, subjects)).toBe(false);
    expect(isHintForSession(undefined, session, subjects)).toBe(false);
  });
});
