import { IsIn, IsOptional } from 'class-validator';
import { configSlice } from './config-slice';

/** The JWS algs this server can sign with (src/keys/jws-signing.ts); its keys are of one of them at a time. */
export const SIGNING_ALGS = ['RS256', 'PS256', 'ES256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** The signing keys' environment variables (docs/configuration.md). */
export class KeysVariables {
  @IsOptional()
  @IsIn(SIGNING_ALGS)
  SIGNING_ALG?: string;
}

/** The signing keys' settings, injected by the key lifecycle. */
export class KeysConfig {
  constructor(
    /** The algorithm of new signing keys; the active key's is switched by a rotation. */
    readonly signingAlg: SigningAlg,
  ) {}
}

export const KEYS_CONFIG = configSlice({
  variables: KeysVariables,
  type: KeysConfig,
  settings: (v) => new KeysConfig((v.SIGNING_ALG as SigningAlg | undefined) ?? 'RS256'),
});
