import { auditQueryOf } from './audit-filter';

describe('auditQueryOf', () => {
  it('takes whole UTC days, and refuses days Postgres cannot hold or the calendar does not have, at their field', async () => {
    const check = await auditQueryOf({ from: '2026-01-01', to: '2026-01-31' });
    expect(check.ok && [check.dto.from?.toISOString(), check.dto.to?.toISOString()]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    for (const from of ['-271821-04-20', '0000-01-01', '+275760-09-13', '2026-02-31']) {
      const refused = await auditQueryOf({ from, to: '10000-01-01' });
      expect(refused.ok ? { from } : { from, fields: Object.keys(refused.errors) }).toEqual({
        from,
        fields: ['from', 'to'],
      });
    }
  });
});
