import { Injectable } from '@nestjs/common';
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { Passkey } from './passkey.entity';
import { PasskeyStore } from './passkey.store';
import { type CeremonyPurpose, PasskeyChallenges } from './passkey-challenges';
import { parseCredentialJson } from './credential-json';
import { RelyingParty } from './relying-party';

/** Why an assertion was refused (passkey-refusals.ts says it to the user). */
export type AssertionRefusal =
  'malformed' | 'challenge' | 'unknown-credential' | 'other-user' | 'signature' | 'user-not-verified' | 'counter';

export type AssertionOutcome = { ok: true; passkey: Passkey } | { ok: false; reason: AssertionRefusal };

export interface AssertionExpectation {
  purpose: CeremonyPurpose;
  /** The user the challenge was made for and the passkey must belong to; null on the login page. */
  userId: string | null;
  /** WebAuthn §7.2 step 17: the authenticator must have verified the user (PIN, biometrics). */
  userVerification: boolean;
}

/**
 * WebAuthn Level 3 §7.2, verifying an authentication assertion: the challenge (ours, unexpired,
 * for this purpose and user, spent now), the credential (registered, the expected user's), then
 * origin, RP ID, flags and signature (@simplewebauthn/server), and the signature counter, which
 * must grow for an authenticator that keeps one (§6.1.1: otherwise the key may have been copied).
 */
@Injectable()
export class PasskeyAssertions {
  constructor(
    private readonly store: PasskeyStore,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
  ) {}

  async verify(field: unknown, expected: AssertionExpectation): Promise<AssertionOutcome> {
    const parsed = parseCredentialJson<AuthenticationResponseJSON>(field, ['authenticatorData', 'signature']);
    if (!parsed) return refused('malformed');
    const { response, challenge } = parsed;
    if (!(await this.challenges.spend(challenge, expected.purpose, expected.userId))) return refused('challenge');
    const passkey = await this.store.byCredentialId(response.id);
    if (!passkey) return refused('unknown-credential');
    if (expected.userId !== null && passkey.userId !== expected.userId) return refused('other-user');
    // §7.2 step 6: the user handle the authenticator returns, when it does, is the owner's.
    const handle = response.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId) return refused('other-user');
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.signCount,
          transports: passkey.transports,
        },
        // Checked below, so a missing verification is told apart from a bad signature.
        requireUserVerification: false,
      });
    } catch (error) {
      return refused(/counter/i.test((error as Error).message) ? 'counter' : 'signature');
    }
    if (!verified.verified) return refused('signature');
    if (expected.userVerification && !verified.authenticationInfo.userVerified) return refused('user-not-verified');
    // Two answers of one credential at once: only one moves the counter on.
    if (!(await this.store.recordUse(passkey, verified.authenticationInfo.newCounter))) return refused('counter');
    return { ok: true, passkey };
  }
}

const refused = (reason: AssertionRefusal): AssertionOutcome => ({ ok: false, reason });
