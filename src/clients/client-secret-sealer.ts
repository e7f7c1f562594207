import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { KeyEncryption } from '../keys/key-encryption';

// Its own HKDF purpose: a key derived for signing keys or upstream secrets never opens these.
const PURPOSE = 'oidc-server/client-secret-jwt/v1';

/**
 * The secrets of client_secret_jwt clients at rest (RFC 7523 §2.2, OIDC Core §9): verifying an
 * HMAC needs the secret itself, so it is kept AES-256-GCM encrypted under KEY_ENCRYPTION_SECRET
 * beside its hash. Other clients' secrets are kept only as hashes.
 */
@Injectable()
export class ClientSecretSealer {
  private readonly encryption: KeyEncryption;

  constructor(config: AppConfig) {
    this.encryption = new KeyEncryption(config.keyEncryptionSecret, PURPOSE);
  }

  seal(secret: string): string {
    return this.encryption.seal(secret);
  }

  open(sealed: string): string {
    return this.encryption.open(sealed);
  }
}
