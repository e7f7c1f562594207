import type { ClassConstructor } from 'class-transformer';
import { AdminApiError } from '../../http/admin-api.error';
import { validateForm } from '../forms/form-validation';

/** A posted form as the admin API's DTO, or a 400 error page naming each problem. */
export async function checkedForm<T extends object>(type: ClassConstructor<T>, input: object): Promise<T> {
  const check = await validateForm(type, input);
  if (check.ok) return check.dto;
  const problems = Object.entries(check.errors).map(([field, message]) => `${field}: ${message}`);
  throw new AdminApiError('invalid_request', problems.join('; '), {}, { status: 400 });
}
