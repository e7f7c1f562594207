import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { KeyEncryption } from '../../keys/key-encryption';

// Its own HKDF purpose: a key derived for signing keys or client secrets never opens these.
const PURPOSE = 'oidc-server/totp-secret/v1';

/**
 * Authenticator app secrets at rest: checking a code needs the secret itself (RFC 6238 is an
 * HMAC), so it is kept AES-256-GCM encrypted under KEY_ENCRYPTION_SECRET, never hashed.
 */
@Injectable()
export class TotpSecretSealer {
  private readonly encryption: KeyEncryption;

  constructor(config: AppConfig) {
    this.encryption = new KeyEncryption(config.keyEncryptionSecret, PURPOSE);
  }

  seal(base32Secret: string): string {
    return this.encryption.seal(base32Secret);
  }

  open(sealed: string): string {
    return this.encryption.open(sealed);
  }
}
