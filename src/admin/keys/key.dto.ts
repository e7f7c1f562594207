import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class SigningKeyDto {
  @ApiProperty()
  kid: string;

  @ApiProperty({ example: 'RS256' })
  alg: string;

  @ApiProperty({ enum: ['next', 'active', 'retired'], description: 'next: published, not signing yet' })
  state: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The public JWK; the private half never leaves the server',
  })
  public_jwk: object;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activated_at: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  retired_at: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Leaves the JWKS after this' })
  remove_after: Date | null;
}

export class KeyRotationDto {
  @ApiProperty({ description: 'The key that signs now' })
  active_kid: string;

  @ApiPropertyOptional({ description: 'The key published to sign after the next rotation' })
  next_kid?: string;

  @ApiPropertyOptional({ description: 'The key that stopped signing in this change' })
  retired_kid?: string;
}

export class RetireKeyDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Leave the JWKS now instead of when its last token expires: for a compromised key',
  })
  @IsOptional()
  @IsBoolean()
  remove_now?: boolean;
}
