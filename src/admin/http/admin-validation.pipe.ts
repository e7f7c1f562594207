import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { nestedDeeperThan } from '../../common/http/json-nesting';
import { AdminApiError } from './admin-api.error';

// The deepest admin body is a client's JWK Set with certificate chains ({ jwks: { keys: [{ x5c: [] }] } } is 4).
export const MAX_BODY_DEPTH = 8;

/** Each invalid field, by its path in the body or query (`address.country`, `redirectUris.0`). */
export function invalidFields(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    if (error.children?.length) Object.assign(fields, invalidFields(error.children, path));
  }
  return fields;
}

/**
 * class-transformer and class-validator walk a body recursively: one nested thousands deep
 * would overflow the stack, so such a body is refused before they see it.
 */
class AdminValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestedDeeperThan(value, MAX_BODY_DEPTH))
      throw new AdminApiError('invalid_request', `the request body is nested more than ${MAX_BODY_DEPTH} levels deep`, {
        fields: {},
      });
    return (await super.transform(value, metadata)) as unknown;
  }
}

/**
 * Validates admin request bodies and queries against their DTOs: unknown fields are refused, not
 * dropped, so a typo never passes for a no-op. Errors are 400 invalid_request naming each field.
 */
export const adminValidationPipe = new AdminValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = invalidFields(errors);
    const description = Object.values(fields)
      .map((messages) => messages[0])
      .join('; ');
    return new AdminApiError('invalid_request', description || 'the request is not valid', { fields });
  },
});
