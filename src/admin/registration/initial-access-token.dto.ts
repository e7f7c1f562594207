import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsBoundedDateTime } from '../http/bounded-date-time';

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
  @IsBoundedDateTime()
  expires_at?: Date | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'Default: 1; null: no limit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  max_uses?: number | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['orders:read'],
    description:
      'API scopes (scopes releasing no user claims) a client registered with this token may ask for; ' +
      'without, it may register only the user scopes and REGISTRATION_DEFAULT_SCOPES',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  scopes?: string[] | null;
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

  @ApiProperty({ type: [String], nullable: true, description: 'The API scopes it lets a registrant ask for' })
  scopes: string[] | null;

  @ApiProperty({ description: 'Not revoked, not expired, not used up' })
  active: boolean;
}

export class IssuedInitialAccessTokenDto {
  @ApiProperty({ description: 'Shown once: give it to whoever registers the client (RFC 7591 §3)' })
  token: string;

  @ApiProperty({ type: InitialAccessTokenDto })
  initial_access_token: InitialAccessTokenDto;
}
