import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

export class PkcePairDto {
  @ApiProperty({ description: 'Keep it; send it to the token endpoint (RFC 7636 §4.5)' })
  code_verifier: string;

  @ApiProperty({ description: 'Send it to the authorization endpoint' })
  code_challenge: string;

  @ApiProperty({ enum: ['S256'] })
  code_challenge_method: 'S256';
}

export class DemoUserDto {
  @ApiProperty()
  username: string;

  @ApiProperty({ description: 'A published demo password: development only' })
  password: string;

  @ApiProperty({ description: 'Made now (false: it existed and its password was set back)' })
  created: boolean;
}

export class DemoClientDto {
  @ApiProperty({ enum: ['web', 'spa', 'device', 'resource-server'] })
  kind: string;

  @ApiProperty()
  client_id: string;

  @ApiProperty()
  client_name: string;

  @ApiPropertyOptional({ description: 'A new secret on every seed (confidential clients only)' })
  client_secret?: string;

  @ApiProperty()
  token_endpoint_auth_method: string;

  @ApiProperty({ type: [String] })
  grant_types: string[];

  @ApiProperty({ type: [String] })
  redirect_uris: string[];

  @ApiProperty({ description: 'Made now (false: it existed and was put back as declared)' })
  created: boolean;
}

export class SeedResultDto {
  @ApiProperty()
  issuer: string;

  @ApiProperty({ type: [DemoUserDto] })
  users: DemoUserDto[];

  @ApiProperty({ type: [DemoClientDto] })
  clients: DemoClientDto[];
}

export class QuickClientDto {
  @ApiPropertyOptional({ default: 'http://localhost:3001/callback' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  redirect_uri?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A public client (PKCE, no secret) instead of a confidential one',
  })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ default: 'Quick client' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  client_name?: string;
}
