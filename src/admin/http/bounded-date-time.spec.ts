import { plainToInstance } from 'class-transformer';
import { IsOptional, validate } from 'class-validator';
import { IsBoundedDateTime, parseDateTime } from './bounded-date-time';

class Dated {
  @IsOptional()
  @IsBoundedDateTime()
  at?: Date | null;
}

const problemsOf = async (at: unknown) =>
  (await validate(plainToInstance(Dated, { at }))).flatMap((e) => Object.values(e.constraints ?? {}));

describe('parseDateTime', () => {
  it('reads RFC 3339 dates and date-times with their offset', () => {
    expect(parseDateTime('2026-01-01')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseDateTime('2026-01-01T01:00:00+01:00')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseDateTime('2026-01-01t00:00:00.123456z')?.toISOString()).toBe('2026-01-01T00:00:00.123Z');
    expect(parseDateTime('2024-02-29T23:59:59Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });

  it('refuses what Date.parse would guess at', () => {
    for (const text of [
      '2026-02-31',
      '2025-02-29',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00',
      '-005000-01-01T00:00:00Z',
      '+010000-01-01',
      'Jan 1 2026',
      '1767225600000',
    ])
      expect([text, parseDateTime(text)]).toEqual([text, undefined]);
  });
});

describe('IsBoundedDateTime', () => {
  it('gives a Date from 1970 to 9999, and leaves null to IsOptional', async () => {
    expect(plainToInstance(Dated, { at: '9999-12-31T23:59:59.999Z' }).at).toEqual(new Date('9999-12-31T23:59:59.999Z'));
    expect(await problemsOf('1970-01-01T00:00:00Z')).toEqual([]);
    expect(await problemsOf(null)).toEqual([]);
  });

  it('refuses with a sentence naming the field: out of range, not a date-time, not a string', async () => {
    expect(await problemsOf('1969-12-31T23:59:59Z')).toEqual(['at must be between 1970-01-01 and 9999-12-31']);
    for (const value of ['-271821-04-20T00:00:00Z', 'yesterday', 0, true, ['2026-01-01']])
      expect(await problemsOf(value)).toEqual([expect.stringMatching(/^at must be an RFC 3339 date-time/)]);
  });
});
