import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { configSlice } from './config-slice';
import { toBool } from './variable-transforms';

/** The authorization endpoint's environment variables (docs/configuration.md). */
export class AuthorizationVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  IMPLICIT_ACCESS_TOKENS?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REQUIRE_PUSHED_AUTHORIZATION_REQUESTS?: boolean;
}

/**
 * The authorization endpoint's policies: what it requires of every request and what it may
 * return. The token module's grant registry (response_types_supported) and dynamic registration
 * (the response types a client may register) read them too.
 */
export class AuthorizationConfig {
  constructor(
    /** Response types that return an access token from the authorization endpoint (RFC 9700 §2.1.2: off). */
    readonly implicitAccessTokens: boolean,
    /** RFC 9126 §5: every client must push its authorization requests (PAR); per client otherwise. */
    readonly requirePushedAuthorizationRequests: boolean,
  ) {}
}

export const AUTHORIZATION_CONFIG = configSlice({
  variables: AuthorizationVariables,
  type: AuthorizationConfig,
  settings: (v) =>
    new AuthorizationConfig(v.IMPLICIT_ACCESS_TOKENS ?? false, v.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS ?? false),
});
