import type { LookupAddress } from 'node:dns';
import { guardedLookup, type Resolve } from './guarded-lookup';
import { OutboundAllowlist } from './outbound-allowlist';

/** A DNS where each name answers what the test says. */
const dns =
  (answers: Record<string, string[]>): Resolve =>
  async (hostname) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const lookupAll = (allow: string[], answers: Record<string, string[]>, hostname: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) =>
    guardedLookup(new OutboundAllowlist(allow), dns(answers))(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses as unknown as LookupAddress[]),
    ),
  );

describe('guardedLookup (the lookup of every outbound connection)', () => {
  it.each([
    ['localhost.', ['127.0.0.1']],
    ['metadata.google.internal', ['169.254.169.254']],
    ['rebind.attacker.example', ['10.0.0.5']],
    ['mapped.attacker.example', ['::ffff:127.0.0.1']],
    ['v6.attacker.example', ['::1', 'fd00::1']],
  ])('refuses %s, which resolves to %j', async (hostname, addresses) => {
    await expect(lookupAll([], { [hostname]: addresses }, hostname)).rejects.toMatchObject({
      name: 'OutboundDestinationRefused',
      code: 'EOUTBOUNDREFUSED',
    });
  });

  it('connects only to the public addresses of a name that also resolves inward', async () => {
    const found = await lookupAll([], { 'mixed.example': ['127.0.0.1', '93.184.215.14'] }, 'mixed.example');
    expect(found).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('lets an allowed host or address through', async () => {
    expect(await lookupAll(['idp.internal'], { 'idp.internal': ['10.0.0.7'] }, 'idp.internal')).toHaveLength(1);
    expect(await lookupAll(['127.0.0.1'], { 'localhost.': ['127.0.0.1'] }, 'localhost.')).toHaveLength(1);
  });

  it('answers in the single-address form when asked for one', async () => {
    const lookup = guardedLookup(new OutboundAllowlist([]), dns({ 'a.example': ['93.184.215.14'] }));
    const answer = await new Promise((resolve) =>
      lookup('a.example', {}, (error, address, family) => resolve({ error, address, family })),
    );
    expect(answer).toEqual({ error: null, address: '93.184.215.14', family: 4 });
  });

  it('passes a resolver failure on', async () => {
    await expect(lookupAll([], {}, 'nowhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
