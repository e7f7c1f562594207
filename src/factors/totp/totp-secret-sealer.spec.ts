import { ClientSecretSealer } from '../../clients/client-secret-sealer';
import type { AppConfig } from '../../config/app-config';
import { KeyDecryptionError } from '../../keys/key-encryption';
import { TotpSecretSealer } from './totp-secret-sealer';

const config = { keyEncryptionSecret: 'test-key-encryption-secret-0123456789abcdef' } as AppConfig;

describe('TotpSecretSealer', () => {
  it('keeps a secret AES-GCM encrypted, a different ciphertext each time, and opens it again', () => {
    const sealer = new TotpSecretSealer(config);
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(sealer.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a key of its own: neither another purpose’s key nor another secret opens it', () => {
    const sealed = new TotpSecretSealer(config).seal('JBSWY3DPEHPK3PXP');
    expect(() => new ClientSecretSealer(config).open(sealed)).toThrow(KeyDecryptionError);
    const other = { keyEncryptionSecret: 'another-key-encryption-secret-0123456789' } as AppConfig;
    expect(() => new TotpSecretSealer(other).open(sealed)).toThrow(KeyDecryptionError);
  });
});
