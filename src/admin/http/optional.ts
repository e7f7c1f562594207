import { ValidateIf } from 'class-validator';

/**
 * May be left out, but not null: for fields that have no "unset" value. class-validator's
 * IsOptional lets null through, which would reach a NOT NULL column.
 */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
