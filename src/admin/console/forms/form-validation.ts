import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { AdminApiError } from '../../http/admin-api.error';
import { toAdminHttpError } from '../../http/admin-error-mapping';
import { invalidFields } from '../../http/admin-validation.pipe';

/** One message per field, by the field's name in the form (`address.country`). */
export type FieldErrors = Record<string, string>;

/** The key of an error about the form as a whole rather than one field. */
export const FORM_ERROR = '_form';

export type FormCheck<T> = { ok: true; dto: T } | { ok: false; errors: FieldErrors };

/**
 * Checks form input against the admin API's DTO, with the same rules as the API: a form
 * accepts exactly what the API would, and each problem is reported at its field.
 */
export async function validateForm<T extends object>(type: ClassConstructor<T>, input: object): Promise<FormCheck<T>> {
  const dto = plainToInstance(type, input);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (problems.length === 0) return { ok: true, dto };
  const errors: FieldErrors = {};
  // Decorators run bottom-up, so the last message is the DTO's first rule: the type before its limits.
  for (const [field, messages] of Object.entries(invalidFields(problems))) errors[field] = messages.at(-1)!;
  return { ok: false, errors };
}

// Refusals whose message does not start with the field it is about.
const FIELD_OF_CODE: Record<string, string> = {
  username_taken: 'username',
  email_taken: 'email',
  scope_exists: 'name',
  client_id_taken: 'client_id',
  api_resource_identifier_taken: 'identifier',
  scope_of_another_resource: 'scopes',
};

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A refusal of the domain (400 or 409 in the admin API) as errors on the form: at the field its
 * message begins with ("redirect_uris: …", "phoneNumber is not valid"), or on the whole form.
 * Anything else (not found, internal) is thrown on, to the error page.
 */
export function refusalAsFieldErrors(
  error: unknown,
  fields: readonly string[],
): { errors: FieldErrors; status: number } {
  const mapped = toAdminHttpError(error);
  if (!(mapped instanceof AdminApiError) || (mapped.status !== 400 && mapped.status !== 409)) throw error;
  const { code, error_description: message = mapped.message } = mapped.toJSON() as {
    code?: string;
    error_description?: string;
  };
  const leading = /^[A-Za-z_][A-Za-z0-9_]*/.exec(message)?.[0];
  const candidate = (code && FIELD_OF_CODE[code]) ?? (leading && snakeCase(leading));
  const field = candidate && fields.includes(candidate) ? candidate : FORM_ERROR;
  return { errors: { [field]: message }, status: mapped.status };
}
