import type { ClassConstructor } from 'class-transformer';
import { type FieldErrors, refusalAsFieldErrors, validateForm } from './form-validation';

/**
 * A posted form: checked against the admin API's DTO, then acted on. Invalid input shows the form
 * again (400) with each problem at its field; a refusal of the domain does too, with its status.
 * `act` answers the request itself (a redirect, or a page such as a secret shown once).
 */
export async function submitForm<T extends object>(
  type: ClassConstructor<T>,
  input: object,
  fields: readonly string[],
  showForm: (errors: FieldErrors, status: number) => void | Promise<void>,
  act: (dto: T) => Promise<void>,
): Promise<void> {
  const check = await validateForm(type, input);
  if (!check.ok) return showForm(check.errors, 400);
  try {
    await act(check.dto);
  } catch (error) {
    const refusal = refusalAsFieldErrors(error, fields);
    await showForm(refusal.errors, refusal.status);
  }
}
