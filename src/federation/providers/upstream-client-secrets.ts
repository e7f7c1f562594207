import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { KeyEncryption } from '../../keys/key-encryption';

// Its own HKDF purpose: a key derived for signing keys never decrypts client secrets, and back.
const PURPOSE = 'oidc-server/upstream-client-secret/v1';

/** Upstream client secrets at rest: AES-256-GCM under KEY_ENCRYPTION_SECRET (see key-encryption.ts). */
@Injectable()
export class UpstreamClientSecrets {
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
