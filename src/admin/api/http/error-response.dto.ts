import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every admin API error. */
export class ErrorResponseDto {
  @ApiProperty({
    example: 'invalid_request',
    description: 'invalid_request, invalid_token, insufficient_scope, not_found, conflict',
  })
  error: string;

  @ApiPropertyOptional({ example: 'clientName must be a string' })
  error_description?: string;

  @ApiPropertyOptional({
    description: 'For invalid_request: each invalid field, by path, with what is wrong with it',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { clientName: ['clientName must be a string'] },
  })
  fields?: Record<string, string[]>;

  @ApiPropertyOptional({ description: 'The domain code of a refusal', example: 'scope_in_use' })
  code?: string;
}
