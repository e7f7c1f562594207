import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

const VERSION = 'v1';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs for GCM
const TAG_BYTES = 16;
// A fixed info string binds the derived key to one use of the secret (RFC 5869 §3.2): each
// purpose (signing keys, upstream client secrets) encrypts under a key of its own.
const HKDF_INFO = 'oidc-server/signing-key-encryption/v1';

export class KeyDecryptionError extends Error {}

/**
 * Private signing keys (and other secrets) at rest: AES-256-GCM under a key derived from
 * KEY_ENCRYPTION_SECRET for the given purpose, stored as `v1.<iv>.<tag>.<ciphertext>`
 * (base64url). The version prefix lets a later format or secret rotation tell old rows apart.
 */
export class KeyEncryption {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string = HKDF_INFO) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
  }

  encrypt(privateJwk: JWK): string {
    return this.seal(JSON.stringify(privateJwk));
  }

  decrypt(sealed: string): JWK {
    return JSON.parse(this.open(sealed)) as JWK;
  }

  /** Any text, e.g. an upstream provider's client secret. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== VERSION || rest.length > 0 || !iv || !tag || !ciphertext) {
      throw new KeyDecryptionError(`cannot decrypt a stored secret: unknown format "${sealed.slice(0, 3)}…"`);
    }
    const decipher = createDecipheriv(CIPHER, this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyDecryptionError(
        'cannot decrypt a stored secret: KEY_ENCRYPTION_SECRET is not the secret it was encrypted with, or the stored value is corrupt',
      );
    }
  }
}
