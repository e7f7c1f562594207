import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { recordingPgDriver } from '../database/database-pool';
import type { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

/** An AuditService over a pg Pool whose queries `query` answers (no database). */
function auditOver(query: jest.Mock): AuditService {
  const driver = recordingPgDriver();
  const pool = new driver.Pool();
  jest.spyOn(pool, 'query').mockImplementation(query);
  const connection = { options: { type: 'postgres', driver } };
  return new AuditService({ manager: { connection } } as unknown as Repository<AuditEvent>);
}

describe('AuditService.record', () => {
  it('never throws into the caller: a failed write is logged as a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const audit = auditOver(jest.fn().mockRejectedValue(new Error('connection lost')));
    await expect(audit.record({ type: 'admin.client.created', actor: 'cli' })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ type: 'admin.client.created' }), expect.any(String));
    warn.mockRestore();
  });

  it('stores details without secrets and bounded text columns, and tells listeners', async () => {
    const query = jest.fn().mockResolvedValue({ rows: [{ id: '7', occurred_at: new Date(0) }] });
    const audit = auditOver(query);
    const heard: unknown[] = [];
    audit.onRecorded((event) => Promise.resolve(void heard.push(event)));
    await audit.record({
      type: 'admin.client.updated',
      actor: 'a'.repeat(300),
      subject: 'shop',
      details: { clientSecret: 'shh', fields: ['client_name'] },
    });
    const [{ values }] = query.mock.calls[0] as [{ values: unknown[] }];
    expect(values).toEqual([
      'admin.client.updated',
      'a'.repeat(255),
      'shop',
      JSON.stringify({ clientSecret: '[redacted]', fields: ['client_name'] }),
      null,
      null,
    ]);
    expect(heard).toEqual([expect.objectContaining({ id: '7', subject: 'shop', createdAt: new Date(0) })]);
  });
});
