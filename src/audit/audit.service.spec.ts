import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

describe('AuditService.record', () => {
  it('never throws into the caller: a failed write is logged as a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failing = { insert: jest.fn().mockRejectedValue(new Error('connection lost')) };
    const audit = new AuditService(failing as unknown as Repository<AuditEvent>);
    await expect(audit.record({ type: 'admin.client.created', actor: 'cli' })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ type: 'admin.client.created' }), expect.any(String));
    warn.mockRestore();
  });

  it('stores details without secrets and bounded text columns', async () => {
    const insert = jest.fn().mockResolvedValue(undefined);
    const audit = new AuditService({ insert } as unknown as Repository<AuditEvent>);
    await audit.record({
      type: 'admin.client.updated',
      actor: 'a'.repeat(300),
      subject: 'shop',
      details: { clientSecret: 'shh', fields: ['client_name'] },
    });
    expect(insert).toHaveBeenCalledWith({
      type: 'admin.client.updated',
      actor: 'a'.repeat(255),
      subject: 'shop',
      details: { clientSecret: '[redacted]', fields: ['client_name'] },
      ip: null,
      requestId: null,
    });
  });
});
