import { Injectable, Logger } from '@nestjs/common';
import { In, Repository } from 'typeorm';
import { OAuthErrors } from '../common/errors/oauth-error';
import { AppConfig } from '../config/app-config';
import { KeysConfig } from '../config/keys.config';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import { KeyEncryption } from './key-encryption';
import { generateSigningKey } from './key-generation';
import { SigningKey, SigningKeyState } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';

/** The key states after a change: who signs now, who signs after the next rotation. */
export interface KeyRotation {
  activeKid: string;
  nextKid?: string;
  /** The key that stopped signing in this change, if one did. */
  retiredKid?: string;
}

export interface RetireOptions {
  /**
   * Leave the JWKS at once instead of when the key's last token expires: for a compromised key,
   * whose tokens must stop verifying now.
   */
  removeNow?: boolean;
}

// Relying parties accept an exp up to this far in the past (clock skew), so a retired key stays a little longer.
const CLOCK_SKEW_ALLOWANCE_SECONDS = 60;
const ONE_ACTIVE_KEY_INDEX = 'signing_keys_one_active_key';

/**
 * The signing key states and the moves between them: next (published, not signing) -> active
 * (signs) -> retired (published until every token it signed has expired). Each move runs
 * under the key lock, so concurrent replicas see one history.
 */
@Injectable()
export class KeyLifecycle {
  private readonly logger = new Logger('SigningKeys');

  constructor(
    private readonly repository: SigningKeyRepository,
    private readonly encryption: KeyEncryption,
    private readonly config: AppConfig,
    private readonly keysConfig: KeysConfig,
  ) {}

  /**
   * At start: one key signs, and its successor is already published, so even the first
   * rotation switches to a key relying parties have had time to fetch.
   */
  async ensure(): Promise<void> {
    const keys = await this.repository.published(new Date());
    const active = keys.find((k) => k.state === 'active');
    if (active && active.alg !== this.keysConfig.signingAlg) {
      this.logger.warn(
        `The active key signs with ${active.alg} but SIGNING_ALG is ${this.keysConfig.signingAlg}: rotate the keys to switch`,
      );
    }
    if (active && keys.some((k) => k.state === 'next' && k.alg === this.keysConfig.signingAlg)) return;
    try {
      await this.repository.locked(async (keys) => {
        const now = new Date();
        if (!(await keys.existsBy({ state: 'active' }))) await keys.insert(await this.newKey('active', now));
        if (!(await this.successor(keys, now))) await keys.insert(await this.newKey('next', now));
      });
    } catch (error) {
      // The lock makes this unreachable between replicas of this version; should a writer that
      // does not take it win the race anyway, its active key stands and ours is dropped.
      if (violatedUniqueConstraint(error) !== ONE_ACTIVE_KEY_INDEX) throw error;
    }
  }

  /**
   * The next key starts signing (or a fresh one when none is published), the active key is
   * retired but stays published while its tokens live, and a new next key is published for the
   * following rotation.
   */
  rotate(): Promise<KeyRotation> {
    return this.repository.locked(async (keys) => {
      const now = new Date();
      return this.promote(keys, await this.successor(keys, now), now, this.keptPublishedUntil(now));
    });
  }

  /**
   * A next key is dropped from the JWKS at once (it never signed). The active key can only be
   * retired when a next key exists to take over, which then signs; without one, rotate() is the
   * way, since it says that an unpublished key will start signing. A retired key is left as it
   * is unless `removeNow`.
   */
  retire(kid: string, options: RetireOptions = {}): Promise<KeyRotation> {
    return this.repository.locked(async (keys) => {
      const now = new Date();
      const key = await keys.findOneBy({ kid });
      if (!key) throw OAuthErrors.notFound(`there is no signing key ${kid}`);
      if (key.state === 'active') {
        const successor = await this.successor(keys, now);
        if (!successor) {
          throw OAuthErrors.invalidRequest(
            `key ${kid} is the only key that can sign and no next key is published to take over: rotate instead`,
            { status: 409 },
          );
        }
        return this.promote(keys, successor, now, options.removeNow ? now : this.keptPublishedUntil(now));
      }
      if (key.state === 'next') {
        await keys.update({ kid }, { state: 'retired', retiredAt: now, removeAfter: now });
      } else if (options.removeNow) {
        await keys.update({ kid }, { removeAfter: now });
      }
      return this.current(keys);
    });
  }

  private async promote(
    keys: Repository<SigningKey>,
    successor: SigningKey | null,
    now: Date,
    removeAfter: Date,
  ): Promise<KeyRotation> {
    const retiring = await keys.findOneBy({ state: 'active' });
    // Retire first: the partial unique index allows one active row at any moment.
    if (retiring) await keys.update({ kid: retiring.kid }, { state: 'retired', retiredAt: now, removeAfter });
    let activeKid: string;
    if (successor) {
      await keys.update({ kid: successor.kid }, { state: 'active', activatedAt: now });
      activeKid = successor.kid;
    } else {
      const fresh = await this.newKey('active', now);
      await keys.insert(fresh);
      activeKid = fresh.kid;
    }
    const next = await this.newKey('next', now);
    await keys.insert(next);
    return { activeKid, nextKid: next.kid, retiredKid: retiring?.kid };
  }

  /**
   * The oldest next key of the configured alg. Other next keys (of an alg SIGNING_ALG no longer
   * names, or surplus) are retired on the spot: they never signed, so nothing needs them.
   */
  private async successor(keys: Repository<SigningKey>, now: Date): Promise<SigningKey | null> {
    const candidates = await keys.find({ where: { state: 'next' }, order: { createdAt: 'ASC' } });
    const successor = candidates.find((k) => k.alg === this.keysConfig.signingAlg) ?? null;
    const unused = candidates.filter((k) => k !== successor).map((k) => k.kid);
    if (unused.length > 0) {
      await keys.update({ kid: In(unused) }, { state: 'retired', retiredAt: now, removeAfter: now });
    }
    return successor;
  }

  private async current(keys: Repository<SigningKey>): Promise<KeyRotation> {
    const [active, next] = await Promise.all([
      keys.findOneBy({ state: 'active' }),
      keys.findOne({ where: { state: 'next' }, order: { createdAt: 'ASC' } }),
    ]);
    if (!active) throw OAuthErrors.serverError('no signing key is active');
    return { activeKid: active.kid, nextKid: next?.kid };
  }

  /**
   * A retired key verifies every token it signed: the longest token lifetime, plus the cache
   * TTL during which other replicas may still sign with it, plus relying parties' clock skew.
   */
  private keptPublishedUntil(now: Date): Date {
    const seconds = this.config.longestSignedTokenLifetime + this.config.keyCacheTtl + CLOCK_SKEW_ALLOWANCE_SECONDS;
    return new Date(now.getTime() + seconds * 1000);
  }

  private async newKey(state: SigningKeyState, now: Date): Promise<SigningKey> {
    const key = await generateSigningKey(this.keysConfig.signingAlg);
    return Object.assign(new SigningKey(), {
      kid: key.kid,
      alg: key.alg,
      publicJwk: key.publicJwk,
      privateJwkEncrypted: this.encryption.encrypt(key.privateJwk),
      state,
      activatedAt: state === 'active' ? now : null,
      retiredAt: null,
      removeAfter: null,
    });
  }
}
