import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { UsedJtiStore } from '../../common/replay/used-jti.store';
import type { AppConfig } from '../../config/app-config';
import { BrandingConfig } from '../../config/branding.config';
import type { Passkey } from './passkey.entity';
import type { PasskeyStore } from './passkey.store';
import { type AssertionExpectation, PasskeyAssertions } from './passkey-assertions';
import { PasskeyChallenges } from './passkey-challenges';
import { RelyingParty } from './relying-party';

const ALICE = '6f1b2a4e-4b7d-4c55-9a51-0d8c3a9b7e11';
const BOB = '0c3f5d2a-9e8b-4f61-8a2c-7b1d4e6f9a22';
const config = { cookieSecret: 'c'.repeat(32), issuer: 'http://localhost:3000' } as AppConfig;

/** A software authenticator holding one ES256 passkey: what a browser posts, built by hand (WebAuthn §6.1, §7.2). */
class SoftwareAuthenticator {
  readonly credentialId = Buffer.from('credential-' + Math.random()).toString('base64url');
  private readonly privateKey: KeyObject;
  readonly publicKey: Buffer;
  counter = 0;

  constructor(readonly userId: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    this.publicKey = Buffer.from(isoCBOR.encode(cose));
  }

  passkey(): Passkey {
    return {
      id: `row-${this.credentialId}`,
      userId: this.userId,
      credentialId: this.credentialId,
      publicKey: this.publicKey,
      signCount: 0,
      transports: ['internal'],
      deviceType: 'singleDevice',
      backedUp: false,
      name: 'Laptop',
      createdAt: new Date(),
      lastUsedAt: null,
    };
  }

  /** The JSON @simplewebauthn/browser would post for `challenge`. */
  answer(
    challenge: string,
    { verified = true, origin = config.issuer, userHandle = this.userId, counter = ++this.counter } = {},
  ): string {
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }));
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    // UP (0x01), and UV (0x04) when the authenticator verified the user.
    const flags = Buffer.from([verified ? 0x05 : 0x01]);
    const rpIdHash = createHash('sha256').update('localhost').digest();
    const authenticatorData = Buffer.concat([rpIdHash, flags, counterBytes]);
    const clientDataHash = createHash('sha256').update(clientDataJSON).digest();
    const signature = sign('sha256', Buffer.concat([authenticatorData, clientDataHash]), this.privateKey);
    return JSON.stringify({
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authenticatorData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: Buffer.from(userHandle).toString('base64url'),
      },
      clientExtensionResults: {},
    });
  }
}

function setUp(...authenticators: SoftwareAuthenticator[]) {
  const rows = new Map(authenticators.map((a) => [a.credentialId, a.passkey()]));
  const store = {
    byCredentialId: (id: string) => Promise.resolve(rows.get(id) ?? null),
    recordUse: (passkey: Passkey, count: number) => {
      const row = rows.get(passkey.credentialId)!;
      if (row.signCount !== passkey.signCount) return Promise.resolve(false);
      Object.assign(row, { signCount: count, lastUsedAt: new Date() });
      return Promise.resolve(true);
    },
  } as unknown as PasskeyStore;
  const used = new Set<string>();
  const usedJtis = {
    consume: (key: string) => Promise.resolve(!used.has(key) && Boolean(used.add(key))),
  } as unknown as UsedJtiStore;
  const challenges = new PasskeyChallenges(config, usedJtis);
  return {
    rows,
    challenges,
    assertions: new PasskeyAssertions(
      store,
      challenges,
      new RelyingParty(config, new BrandingConfig('Test', undefined, undefined)),
    ),
  };
}

const signIn: AssertionExpectation = { purpose: 'sign-in', userId: null, userVerification: true };
const secondFactorOf = (userId: string): AssertionExpectation => ({
  purpose: 'second-factor',
  userId,
  userVerification: false,
});

describe('PasskeyAssertions (WebAuthn §7.2)', () => {
  it('accepts a right assertion once, and records the counter and the time of use', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const { rows, challenges, assertions } = setUp(alice);
    const challenge = challenges.issue('sign-in', null);
    const answer = alice.answer(challenge);
    const outcome = await assertions.verify(answer, signIn);
    expect(outcome).toMatchObject({ ok: true, passkey: { userId: ALICE } });
    expect(rows.get(alice.credentialId)).toMatchObject({ signCount: 1, lastUsedAt: expect.any(Date) });
    expect(await assertions.verify(answer, signIn)).toEqual({ ok: false, reason: 'challenge' });
  });

  it('refuses what is not a WebAuthn answer, and a challenge this server did not make for this purpose', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const { challenges, assertions } = setUp(alice);
    for (const field of [undefined, '', '{', '[]', '{"id":"x"}', 'x'.repeat(40_000)])
      expect(await assertions.verify(field, signIn)).toEqual({ ok: false, reason: 'malformed' });
    expect(await assertions.verify(alice.answer('bm90LW91cnM'), signIn)).toEqual({ ok: false, reason: 'challenge' });
    const forSecondFactor = challenges.issue('second-factor', ALICE);
    expect(await assertions.verify(alice.answer(forSecondFactor), signIn)).toEqual({ ok: false, reason: 'challenge' });
  });

  it('refuses an unknown (removed) credential, and a passkey of another user as second factor', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const removed = new SoftwareAuthenticator(ALICE);
    const { challenges, assertions } = setUp(alice);
    expect(await assertions.verify(removed.answer(challenges.issue('sign-in', null)), signIn)).toEqual({
      ok: false,
      reason: 'unknown-credential',
    });
    // Bob's page's challenge, answered with Alice's passkey.
    expect(await assertions.verify(alice.answer(challenges.issue('second-factor', BOB)), secondFactorOf(BOB))).toEqual({
      ok: false,
      reason: 'other-user',
    });
    expect(
      await assertions.verify(alice.answer(challenges.issue('sign-in', null), { userHandle: BOB }), signIn),
    ).toEqual({ ok: false, reason: 'other-user' });
  });

  it('refuses a wrong signature and another origin', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const impostor = new SoftwareAuthenticator(ALICE);
    const { challenges, assertions } = setUp(alice);
    const forged = JSON.parse(impostor.answer(challenges.issue('sign-in', null))) as { id: string; rawId: string };
    forged.id = forged.rawId = alice.credentialId;
    expect(await assertions.verify(JSON.stringify(forged), signIn)).toEqual({ ok: false, reason: 'signature' });
    const phished = alice.answer(challenges.issue('sign-in', null), { origin: 'https://evil.example' });
    expect(await assertions.verify(phished, signIn)).toEqual({ ok: false, reason: 'signature' });
  });

  it('requires user verification on its own (sign-in), not as a second factor', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const { challenges, assertions } = setUp(alice);
    const presenceOnly = { verified: false };
    expect(await assertions.verify(alice.answer(challenges.issue('sign-in', null), presenceOnly), signIn)).toEqual({
      ok: false,
      reason: 'user-not-verified',
    });
    const secondFactor = alice.answer(challenges.issue('second-factor', ALICE), presenceOnly);
    expect(await assertions.verify(secondFactor, secondFactorOf(ALICE))).toMatchObject({ ok: true });
  });

  it('refuses a counter that does not grow (a copied key, §6.1.1)', async () => {
    const alice = new SoftwareAuthenticator(ALICE);
    const { challenges, assertions } = setUp(alice);
    expect(
      await assertions.verify(alice.answer(challenges.issue('sign-in', null), { counter: 5 }), signIn),
    ).toMatchObject({
      ok: true,
    });
    expect(await assertions.verify(alice.answer(challenges.issue('sign-in', null), { counter: 5 }), signIn)).toEqual({
      ok: false,
      reason: 'counter',
    });
  });
});
