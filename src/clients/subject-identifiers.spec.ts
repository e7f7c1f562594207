import type { AppConfig } from '../config/app-config';
import type { SubjectClient } from './subject-identifiers';
import { SubjectIdentifiers } from './subject-identifiers';

const USER = '5b0f6c4e-8f1a-4a57-9d2b-0c3e6f7a8b9c';
const OTHER_USER = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
const subjects = (secret = 'k'.repeat(43)) => new SubjectIdentifiers({ keyEncryptionSecret: secret } as AppConfig);

const client = (clientId: string, fields: Partial<SubjectClient> = {}): SubjectClient => ({
  clientId,
  subjectType: 'pairwise',
  sectorIdentifierUri: null,
  redirectUris: [`https://${clientId}.example.com/cb`],
  ...fields,
});

describe('SubjectIdentifiers', () => {
  it('gives a public client the user’s own id', () => {
    expect(subjects().of(client('shop', { subjectType: 'public' }), USER)).toBe(USER);
  });

  it('gives a pairwise client a 256-bit base64url sub that is neither the id nor another sector’s', () => {
    const s = subjects();
    const shop = s.of(client('shop'), USER);
    expect(shop).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(shop).not.toContain(USER);
    expect(s.of(client('forum'), USER)).not.toBe(shop);
    expect(s.of(client('shop'), OTHER_USER)).not.toBe(shop);
  });

  it('is stable for a sector: across clients, redirect paths, restarts, but not across KEY_ENCRYPTION_SECRET', () => {
    const sector = 'https://sector.example.org/clients.json';
    const a = client('a', { sectorIdentifierUri: sector });
    const b = client('b', { sectorIdentifierUri: sector, redirectUris: ['https://elsewhere.example/cb'] });
    expect(subjects().of(a, USER)).toBe(subjects().of(b, USER));
    expect(subjects().shareSubjects(a, b)).toBe(true);
    expect(subjects().of(client('shop', { redirectUris: ['https://shop.example.com/other'] }), USER)).toBe(
      subjects().of(client('shop'), USER),
    );
    expect(subjects('another secret of enough length, 0123456789').of(a, USER)).not.toBe(subjects().of(a, USER));
  });

  it('tells whether a sub names a user, and which clients share their subs', () => {
    const s = subjects();
    const shop = client('shop');
    expect(s.isSubjectOf(shop, s.of(shop, USER), USER)).toBe(true);
    expect(s.isSubjectOf(shop, USER, USER)).toBe(false);
    expect(s.isSubjectOf(shop, s.of(shop, USER), OTHER_USER)).toBe(false);
    const publicOne = client('p', { subjectType: 'public' });
    const publicTwo = client('q', { subjectType: 'public' });
    expect(s.shareSubjects(publicOne, publicTwo)).toBe(true);
    expect(s.shareSubjects(publicOne, shop)).toBe(false);
    expect(s.shareSubjects(shop, client('forum'))).toBe(false);
  });

  it('never hands a pairwise client without a sector the user’s id', () => {
    const stray = client('stray', { redirectUris: ['https://a.example/cb', 'https://b.example/cb'] });
    const sub = subjects().of(stray, USER);
    expect(sub).not.toBe(USER);
    expect(sub).not.toBe(subjects().of(client('other', { redirectUris: stray.redirectUris }), USER));
  });
});
