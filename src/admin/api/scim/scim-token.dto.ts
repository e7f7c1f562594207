import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateScimTokenDto {
  @ApiProperty({ maxLength: 255, example: 'Okta provisioning' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ enum: ['read', 'write'], description: 'read: GET only; write: also create, change and delete' })
  @IsIn(['read', 'write'])
  access: 'read' | 'write';

  @ApiPropertyOptional({
    enum: ['disable', 'delete'],
    default: 'disable',
    description:
      'What DELETE /scim/v2/Users/{id} does: disable the account (sessions end, tokens revoked) or delete it',
  })
  @IsOptional()
  @IsIn(['disable', 'delete'])
  on_delete?: 'disable' | 'delete';
}

export class ScimTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['read', 'write'] }) access: string;
  @ApiProperty({ enum: ['disable', 'delete'] }) on_delete: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_used_at: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revoked_at: Date | null;
}

export class IssuedScimTokenDto {
  @ApiProperty({ type: ScimTokenDto }) scim_token: ScimTokenDto;
  @ApiProperty({ description: 'The bearer token; shown this once, kept only as a hash' }) token: string;
}
