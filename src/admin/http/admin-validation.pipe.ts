import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AdminApiError } from './admin-api.error';

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
 * Validates admin request bodies and queries against their DTOs: unknown fields are refused, not
 * dropped, so a typo never passes for a no-op. Errors are 400 invalid_request naming each field.
 */
export const adminValidationPipe = new ValidationPipe({
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
