import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { emptyToUndefined, toInt } from './variable-transforms';

/** The token module's environment variables: the server's token lifetimes (docs/configuration.md). */
export class TokenVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  ACCESS_TOKEN_TTL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  ID_TOKEN_TTL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(31536000)
  REFRESH_TOKEN_TTL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(31536000)
  REFRESH_TOKEN_ABSOLUTE_TTL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600)
  AUTHORIZATION_CODE_TTL?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['always', 'without_access_token'])
  ID_TOKEN_SCOPE_CLAIMS?: string;
}

/**
 * Whether the granted scopes' claims (profile, email...) go in ID Tokens the token endpoint
 * issues beside an access token: always (as most RP libraries expect, reading the user from the
 * ID Token), or only when no access token comes with it (OIDC Core §5.4; the RP asks userinfo).
 */
export type IdTokenScopeClaims = 'always' | 'without_access_token';

/** Token lifetimes in seconds, when a client sets none of its own (TokenLifetimes), and what ID Tokens hold. */
export class TokenConfig {
  constructor(
    readonly accessTokenTtl: number,
    readonly idTokenTtl: number,
    /** How long a refresh token stays usable unused (each refresh issues a new one). */
    readonly refreshTokenTtl: number,
    /** The absolute end of a grant's refresh chain, from the sign-in. */
    readonly refreshTokenAbsoluteTtl: number,
    readonly authorizationCodeTtl: number,
    readonly idTokenScopeClaims: IdTokenScopeClaims = 'always',
  ) {}
}

export const TOKEN_CONFIG = configSlice({
  variables: TokenVariables,
  type: TokenConfig,
  settings: (v) =>
    new TokenConfig(
      v.ACCESS_TOKEN_TTL ?? 3600,
      v.ID_TOKEN_TTL ?? 3600,
      v.REFRESH_TOKEN_TTL ?? 14 * 86400,
      v.REFRESH_TOKEN_ABSOLUTE_TTL ?? 30 * 86400,
      v.AUTHORIZATION_CODE_TTL ?? 60,
      (v.ID_TOKEN_SCOPE_CLAIMS as IdTokenScopeClaims | undefined) ?? 'always',
    ),
});
