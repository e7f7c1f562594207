import { QueryFailedError } from 'typeorm';
import { failedForItsValues, violatedUniqueConstraint } from './postgres-errors';

const queryFailed = (driverError: object) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('failed'), driverError));

describe('failedForItsValues', () => {
  it('is true for data exceptions and integrity constraint violations', () => {
    expect(failedForItsValues(queryFailed({ code: '23503' }))).toBe(true);
    expect(failedForItsValues(queryFailed({ code: '23505' }))).toBe(true);
    expect(failedForItsValues(queryFailed({ code: '22P02' }))).toBe(true);
  });

  it('is false for failures of the database or the connection, and for other errors', () => {
    expect(failedForItsValues(queryFailed({ code: '57P01' }))).toBe(false);
    expect(failedForItsValues(queryFailed({ code: '40001' }))).toBe(false);
    expect(failedForItsValues(queryFailed({}))).toBe(false);
    expect(failedForItsValues(Object.assign(new Error('x'), { code: '23503' }))).toBe(false);
  });
});

describe('violatedUniqueConstraint', () => {
  it('names the constraint of a unique violation only', () => {
    expect(violatedUniqueConstraint(queryFailed({ code: '23505', constraint: 'users_pkey' }))).toBe('users_pkey');
    expect(violatedUniqueConstraint(queryFailed({ code: '23503', constraint: 'fk' }))).toBeUndefined();
  });
});
