import { ApiProperty } from '@nestjs/swagger';

/** The second factors a user has enrolled, as operators see them. */
export class UserFactorsDto {
  @ApiProperty({
    type: [String],
    example: ['totp', 'passkey'],
    description: 'The names of the second-factor methods the user can sign in with now, in the order offered',
  })
  factors: string[];
}

/** What an administrator's reset removed. */
export class FactorsResetDto {
  @ApiProperty({ description: 'How many enrolments were removed, all methods together' })
  count: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { totp: 1, recovery_code: 8, passkey: 2 },
    description: 'How many were removed, by method',
  })
  removed: Record<string, number>;
}
