import type { JWK } from 'jose';
import { publicJwkOf } from './key-generation';
import type { SigningKey, SigningKeyState } from './signing-key.entity';

/** What an operator may see of a key: never the private half, not even encrypted. */
export interface SigningKeyInfo {
  kid: string;
  alg: string;
  state: SigningKeyState;
  publicJwk: JWK;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  removeAfter: Date | null;
}

export function toSigningKeyInfo(key: SigningKey): SigningKeyInfo {
  return {
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    publicJwk: publicJwkOf(key.publicJwk, key.kid, key.alg),
    createdAt: key.createdAt,
    activatedAt: key.activatedAt,
    retiredAt: key.retiredAt,
    removeAfter: key.removeAfter,
  };
}
