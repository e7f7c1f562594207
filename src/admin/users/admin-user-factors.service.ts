import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { SecondFactorMethods } from '../../factors/second-factor/second-factor-methods';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import type { FactorsResetDto, UserFactorsDto } from './user-factors.dto';

/**
 * A user's second factors, for an administrator: which they have, and the reset for a user who
 * lost theirs. The reset removes the factors only: sessions and tokens stay (end them apart when
 * the device may be in someone else's hands), and the password is not touched.
 */
@Injectable()
export class AdminUserFactorsService {
  constructor(
    private readonly users: UsersService,
    private readonly methods: SecondFactorMethods,
    private readonly audit: AuditService,
  ) {}

  async list(id: string): Promise<UserFactorsDto> {
    await this.require(id);
    return { factors: (await this.methods.enrolledBy(id)).map((m) => m.name) };
  }

  /** Every registered method's removeAll, audited with the counts (also what was done when a method fails). */
  async reset(id: string, by: AuditActor): Promise<FactorsResetDto> {
    await this.require(id);
    const removed: Record<string, number> = {};
    for (const method of this.methods.all()) {
      try {
        removed[method.name] = await method.removeAll(id);
      } catch (error) {
        await this.recordReset(id, by, removed, method.name);
        throw error;
      }
    }
    return { count: await this.recordReset(id, by, removed), removed };
  }

  private async recordReset(id: string, by: AuditActor, removed: Record<string, number>, failed?: string) {
    const count = Object.values(removed).reduce((sum, n) => sum + n, 0);
    await this.audit.record({
      ...by,
      type: AuditEventType.FactorsReset,
      subject: id,
      details: { count, removed, ...(failed ? { failed } : {}) },
    });
    return count;
  }

  private async require(id: string): Promise<void> {
    if (!(await this.users.findById(id))) throw new UsersError(UsersErrorCode.UserNotFound, `no user ${id}`);
  }
}
