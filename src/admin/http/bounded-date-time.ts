import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/**
 * The dates an administrator may give: Postgres's timestamptz cannot hold most of what a
 * JavaScript Date can (a year of -271821 fails the query), and nothing this server keeps
 * happened before 1970 or lasts past 9999.
 */
const EARLIEST_DATE_TIME = new Date('1970-01-01T00:00:00.000Z');
const LATEST_DATE_TIME = new Date('9999-12-31T23:59:59.999Z');

// RFC 3339 §5.6: a full-date, or a date-time with its offset (a local time names no instant).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2})))?$/;

/** The instant an RFC 3339 date or date-time names (a date alone is midnight UTC); undefined for anything else. */
export function parseDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  // Date.parse rolls 2026-02-31 over to March 3 and takes 24:00: the parts are checked first.
  const lastDay = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > lastDay) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return undefined;
  const date = new Date(text.toUpperCase().replace(' ', 'T'));
  return isNaN(date.getTime()) ? undefined : date;
}

const inRange = (date: Date) => date >= EARLIEST_DATE_TIME && date <= LATEST_DATE_TIME;

function problemOf(value: unknown, property: string): string {
  return value instanceof Date && !isNaN(value.getTime())
    ? `${property} must be between 1970-01-01 and 9999-12-31`
    : `${property} must be an RFC 3339 date-time with its offset, such as 2026-01-01T00:00:00Z, or a date`;
}

/**
 * An admin DTO's date field: an RFC 3339 string, turned into a Date, from 1970 to 9999. Anything
 * else (a number, a date JavaScript parses only by guessing, a year Postgres cannot store) is
 * refused with a sentence naming the field. null and undefined are left to IsOptional.
 */
export function IsBoundedDateTime(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseDateTime(value) ?? value) : value)),
    ValidateBy({
      name: 'isBoundedDateTime',
      validator: {
        validate: (value: unknown) => value instanceof Date && !isNaN(value.getTime()) && inRange(value),
        defaultMessage: (args?: ValidationArguments) => problemOf(args?.value, args?.property ?? 'the date'),
      },
    }),
  );
}
