import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateCredentialDto {
  @ApiProperty({ maxLength: 255, example: 'ci-deploy', description: 'Who or what will use it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;
}

export class CredentialDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['setup', 'environment', 'api', 'cli'] })
  origin: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'To the minute' })
  last_used_at: Date | null;

  @ApiProperty()
  active: boolean;
}

export class IssuedCredentialDto {
  @ApiProperty({ type: CredentialDto })
  credential: CredentialDto;

  @ApiProperty({ description: 'The admin token: shown once, only its SHA-256 is kept' })
  token: string;
}
