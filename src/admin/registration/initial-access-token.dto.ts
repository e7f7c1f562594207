import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class IssueInitialAccessTokenDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'for the partner team' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Default: 24 hours from now; null: never expires',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expires_at?: Date | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'Default: 1; null: no limit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  max_uses?: number | null;
}

export class InitialAccessTokenDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  max_uses: number | null;

  @ApiProperty()
  uses: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: Date | null;

  @ApiProperty({ description: 'Not revoked, not expired, not used up' })
  active: boolean;
}

export class IssuedInitialAccessTokenDto {
  @ApiProperty({ description: 'Shown once: give it to whoever registers the client (RFC 7591 §3)' })
  token: string;

  @ApiProperty({ type: InitialAccessTokenDto })
  initial_access_token: InitialAccessTokenDto;
}
