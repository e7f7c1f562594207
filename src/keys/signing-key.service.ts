import { KeyObject } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  errors,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import { LoadingCache } from '../common/cache/loading-cache';
import { OAuthErrors } from '../common/errors/oauth-error';
import { AppConfig } from '../config/app-config';
import { jwtVerificationError } from './jwt-verification-error';
import { signCompactJws } from './jws-signing';
import { KeyEncryption } from './key-encryption';
import { KeyLifecycle, KeyRotation, RetireOptions } from './key-lifecycle';
import { buildKeyRing, KeyRing, Signer } from './key-ring';
import { SigningKeyInfo, toSigningKeyInfo } from './signing-key-info';
import { SigningKey } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';

export interface SignOptions {
  /** The JWS typ header (RFC 7515 §4.1.9), e.g. 'at+jwt' for RFC 9068 access tokens. */
  typ?: string;
  /** The alg the caller needs (a client's registered one); refused when the active key has another. */
  alg?: string;
}

export type VerifyOptions = JWTVerifyOptions & {
  /** Accept a token whose exp has passed (an id_token_hint, OIDC RP-Initiated Logout §2); all else is checked. */
  allowExpired?: boolean;
};

const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * Signs and verifies with this server's keys and publishes them. The keys are read from the
 * database at most once per KEY_CACHE_TTL per process, so a rotation made through any replica
 * reaches every other one within that time.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger('SigningKeys');
  private readonly ring: LoadingCache<KeyRing>;
  private signer?: Signer;
  private lastPrune = 0;

  constructor(
    private readonly repository: SigningKeyRepository,
    private readonly lifecycle: KeyLifecycle,
    private readonly encryption: KeyEncryption,
    private readonly config: AppConfig,
  ) {
    this.ring = new LoadingCache(
      config.keyCacheTtl,
      () => this.loadRing(),
      (e) => this.logger.warn({ err: e }, 'Could not reload the signing keys: using the cached ones'),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.lifecycle.ensure();
  }

  /** A compact JWS of `payload` by the active key; iss and iat are filled in unless given. */
  async sign(payload: JWTPayload, options: SignOptions = {}): Promise<string> {
    const { signer } = await this.ring.get();
    if (options.alg !== undefined && options.alg !== signer.alg) {
      throw OAuthErrors.invalidRequest(
        `tokens cannot be signed with ${options.alg}: this server signs with ${signer.alg}`,
      );
    }
    return signCompactJws(
      signer.alg,
      signer.key,
      { alg: signer.alg, kid: signer.kid, typ: options.typ ?? 'JWT' },
      { iss: this.config.issuer, iat: Math.floor(Date.now() / 1000), ...payload },
    );
  }

  /**
   * The payload of a JWT this server signed with a key it still publishes, issued by this
   * issuer; otherwise an invalid_token OAuthError.
   */
  async verify(jwt: string, options: VerifyOptions = {}): Promise<JWTPayload> {
    const { allowExpired, ...checks } = options;
    const ring = await this.ring.get();
    try {
      const { payload } = await jwtVerify(jwt, ring.verificationKeys, {
        algorithms: ring.publishedAlgs,
        ...checks,
        issuer: this.config.issuer,
      });
      return payload;
    } catch (error) {
      // jose checks exp after the signature, iss, aud, sub and typ, so every other rule held.
      if (allowExpired && error instanceof errors.JWTExpired && error.claim === 'exp') return error.payload;
      throw jwtVerificationError(error);
    }
  }

  /** The JWK Set (RFC 7517 §5) of the next, active and still-needed retired keys. Frozen; do not modify. */
  async jwks(): Promise<Readonly<JSONWebKeySet>> {
    return (await this.ring.get()).jwks;
  }

  /** For id_token_signing_alg_values_supported: the algs signing now or after the next rotation. */
  async signingAlgs(): Promise<readonly string[]> {
    return (await this.ring.get()).signingAlgs;
  }

  async rotate(): Promise<KeyRotation> {
    try {
      return await this.lifecycle.rotate();
    } finally {
      this.ring.invalidate();
    }
  }

  /** See KeyLifecycle.retire for what retiring each state means. */
  async retire(kid: string, options?: RetireOptions): Promise<KeyRotation> {
    try {
      return await this.lifecycle.retire(kid, options);
    } finally {
      this.ring.invalidate();
    }
  }

  /** Every stored key with its state and public half, newest first. */
  async list(): Promise<SigningKeyInfo[]> {
    return (await this.repository.all()).map(toSigningKeyInfo);
  }

  private async loadRing(): Promise<KeyRing> {
    const now = new Date();
    let published = await this.repository.published(now);
    let active = published.find((k) => k.state === 'active');
    if (!active) {
      // Someone deleted the active row by hand: make a new one rather than stop signing.
      await this.lifecycle.ensure();
      published = await this.repository.published(now);
      active = published.find((k) => k.state === 'active');
      if (!active) throw OAuthErrors.serverError('no signing key is active');
    }
    const ring = buildKeyRing(published, await this.signerFor(active));
    await this.pruneNowAndThen(now);
    return ring;
  }

  /** Decrypting and importing is done once per active key, not once per reload. */
  private async signerFor(active: SigningKey): Promise<Signer> {
    if (this.signer?.kid !== active.kid) {
      const privateJwk = this.encryption.decrypt(active.privateJwkEncrypted);
      const key = KeyObject.from((await importJWK(privateJwk, active.alg)) as CryptoKey);
      this.signer = { kid: active.kid, alg: active.alg, key };
    }
    return this.signer;
  }

  private async pruneNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now.getTime();
    try {
      const deleted = await this.repository.deleteUnpublished(now);
      if (deleted > 0) this.logger.log(`Deleted ${deleted} retired signing key(s) no token can need any more`);
    } catch (e) {
      this.logger.warn({ err: e }, 'Could not delete expired signing keys');
    }
  }
}
