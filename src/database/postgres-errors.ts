import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/**
 * The name of the unique index or key a failed insert or update ran into, if that is why it
 * failed. Services insert and catch this rather than check first, which would race.
 */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION ? (driverError.constraint ?? '') : undefined;
}

/**
 * Whether a statement failed for the values it was given: a data exception (SQLSTATE class 22,
 * e.g. a malformed uuid) or a broken integrity constraint (class 23, e.g. a foreign key to a row
 * deleted meanwhile), not for the state of the database or of the connection.
 */
export function failedForItsValues(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
