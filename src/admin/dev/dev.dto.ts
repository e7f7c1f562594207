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

  @ApiProperty({ description: 'Made now (false: it existed and was left alone)' })
  created: boolean;
}

export class DemoClientDto {
  @ApiProperty()
  client_id: string;

  @ApiProperty({ type: [String] })
  redirect_uris: string[];

  @ApiProperty()
  created: boolean;
}

export class SeedResultDto {
  @ApiProperty({ type: [DemoUserDto] })
  users: DemoUserDto[];

  @ApiProperty({ type: DemoClientDto })
  client: DemoClientDto;
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
