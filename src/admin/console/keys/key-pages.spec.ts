import { ageOf } from './key-pages';

describe('ageOf', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it('says how old in the largest whole unit', () => {
    expect(ageOf(new Date('2025-06-01T11:59:30Z'), now)).toBe('less than a minute');
    expect(ageOf(new Date('2025-06-01T11:58:00Z'), now)).toBe('2 minutes');
    expect(ageOf(new Date('2025-06-01T11:00:00Z'), now)).toBe('1 hour');
    expect(ageOf('2025-05-20T12:00:00Z', now)).toBe('12 days');
  });
});
