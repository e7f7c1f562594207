import { Injectable } from '@nestjs/common';
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { User } from '../../users/user.entity';
import { parseCredentialJson } from './credential-json';
import type { Passkey } from './passkey.entity';
import { PasskeyStore } from './passkey.store';
import { CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges';
import { RelyingParty } from './relying-party';

export type RegistrationProblem = 'malformed' | 'challenge' | 'unverified' | 'duplicate';

const MAX_NAME = 64;
const DEFAULT_NAME = 'Passkey';

/** A passkey's name as the user typed it, trimmed; the default when left empty; null when unusable. */
export function passkeyName(value: unknown): string | null {
  if (value === undefined || value === '') return DEFAULT_NAME;
  if (typeof value !== 'string') return null;
  const name = value.trim();
  if (name === '') return DEFAULT_NAME;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return name.length <= MAX_NAME && !/[\u0000-\u001f\u007f]/.test(name) ? name : null;
}

/** The browser's hints of how to reach the authenticator (usb, nfc, ble, internal, hybrid, …), as far as they are hints. */
function transportsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is string => typeof t === 'string' && /^[a-z-]{1,16}$/.test(t)).slice(0, 8);
}

/**
 * WebAuthn Level 3 §7.1, registering a new credential for a signed-in user: options bound to a
 * challenge made for this user, then the answer checked (challenge spent, origin, RP ID, flags,
 * attestation format; no attestation is asked for) and the credential stored.
 */
@Injectable()
export class PasskeyRegistration {
  constructor(
    private readonly store: PasskeyStore,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
    private readonly audit: AuditService,
  ) {}

  /**
   * A discoverable credential (residentKey required), so it can sign in without a username;
   * user verification preferred (required at sign-in, where it is the only factor). The user's
   * passkeys are excluded, so an authenticator holding one says so instead of making another.
   */
  options(user: User, existing: readonly Passkey[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: user.username,
      userDisplayName: user.name ?? user.username,
      // The user handle (§5.4.3): the account's id, nothing personal, the same on every passkey.
      userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
      challenge: new Uint8Array(Buffer.from(this.challenges.issue('registration', user.id), 'base64url')),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
  }

  async register(
    req: Request,
    user: User,
    field: unknown,
    name: string,
  ): Promise<{ ok: true; passkey: Passkey } | { ok: false; problem: RegistrationProblem }> {
    const parsed = parseCredentialJson<RegistrationResponseJSON>(field, ['attestationObject']);
    if (!parsed) return { ok: false, problem: 'malformed' };
    if (!(await this.challenges.spend(parsed.challenge, 'registration', user.id)))
      return { ok: false, problem: 'challenge' };
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response: parsed.response,
        expectedChallenge: parsed.challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: false,
      });
      info = verified.registrationInfo;
    } catch {
      info = undefined;
    }
    if (!info) return { ok: false, problem: 'unverified' };
    const passkey = await this.store.add({
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      signCount: info.credential.counter,
      transports: transportsOf(parsed.response.response.transports),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      name,
    });
    if (!passkey) return { ok: false, problem: 'duplicate' };
    await this.audit.record({
      actor: `user:${user.id}`,
      type: AuditEventType.FactorEnrolled,
      subject: user.id,
      ip: req.ip ?? null,
      details: { method: 'passkey', passkey: passkey.id, name },
    });
    return { ok: true, passkey };
  }
}
