import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { configSlice } from './config-slice';
import { emptyToUndefined } from './variable-transforms';

/** Who may register a client at /oauth2/register (RFC 7591 §3). */
export type RegistrationPolicy = 'open' | 'initial_access_token';

/**
 * Whether a registered client starts approved (its errors redirected without asking the user,
 * RFC 9700 §4.11.2): only once an administrator approves it, or at once.
 */
export type RegistrationApproval = 'manual' | 'automatic';

/** Dynamic client registration's environment variables (docs/configuration.md). */
export class RegistrationVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['open', 'initial_access_token'])
  REGISTRATION_POLICY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^ *[\x21\x23-\x5b\x5d-\x7e]+( +[\x21\x23-\x5b\x5d-\x7e]+)* *$/, {
    message: 'must be space-separated scope names, e.g. "openid profile email"',
  })
  REGISTRATION_DEFAULT_SCOPES?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['always', 'once'])
  REGISTRATION_CONSENT_POLICY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['manual', 'automatic'])
  REGISTRATION_APPROVAL?: string;
}

/** Dynamic client registration's settings (docs/registration.md). */
export class RegistrationConfig {
  constructor(
    readonly policy: RegistrationPolicy,
    /** The scopes a client registered without `scope` may ask for. */
    readonly defaultScopes: string[],
    /** The consent policy of dynamically registered clients: asked once and remembered, or every time. */
    readonly consentPolicy: 'always' | 'once',
    readonly approval: RegistrationApproval = 'manual',
  ) {}
}

export const REGISTRATION_CONFIG = configSlice({
  variables: RegistrationVariables,
  type: RegistrationConfig,
  settings: (v, core) =>
    new RegistrationConfig(
      // A production server must not let anyone on the network create clients.
      (v.REGISTRATION_POLICY as RegistrationPolicy | undefined) ?? (core.production ? 'initial_access_token' : 'open'),
      (v.REGISTRATION_DEFAULT_SCOPES ?? 'openid profile email address phone offline_access')
        .split(' ')
        .filter((s) => s !== ''),
      (v.REGISTRATION_CONSENT_POLICY as 'always' | 'once' | undefined) ?? 'once',
      (v.REGISTRATION_APPROVAL as RegistrationApproval | undefined) ?? 'manual',
    ),
});
