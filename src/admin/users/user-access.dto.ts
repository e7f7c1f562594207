import { ApiProperty } from '@nestjs/swagger';

/** What a user has left behind when signing in, as operators see it. */
export class SessionDto {
  @ApiProperty({ format: 'uuid', description: 'Also the sid claim' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  auth_time: Date;

  @ApiProperty({ type: [String], description: 'Authentication methods (RFC 8176)' })
  amr: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  expires_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  ended_at: Date | null;

  @ApiProperty({ description: 'Neither ended nor expired' })
  active: boolean;
}

export class ConsentDto {
  @ApiProperty()
  client_id: string;

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}

/** One authorization of a client by the user: every token issued from it lives and dies with it. */
export class GrantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  client_id: string;

  @ApiProperty({ type: [String] })
  scope: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  session_id: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: Date | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  revoked_reason: string | null;

  @ApiProperty({ description: 'Tokens of this grant that are neither expired nor revoked' })
  active_tokens: number;
}

export class RevokedCountDto {
  @ApiProperty({ description: 'How many were ended or revoked' })
  count: number;
}
