import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminCredentialStore } from '../credentials/admin-credential.store';

/** The first admin token, made once through the browser when nothing else provides one. */
@Injectable()
export class FirstRunSetup {
  constructor(
    private readonly store: AdminCredentialStore,
    private readonly audit: AuditService,
  ) {}

  /** No admin yet and none configured (ADMIN_TOKEN): /setup still waits for its first visitor. */
  isOpen(): Promise<boolean> {
    return this.store.isSetupOpen();
  }

  async assertOpen(): Promise<void> {
    if (!(await this.store.isSetupOpen()))
      throw new AdminError(AdminErrorCode.SetupClosed, 'First-run setup is already done.');
  }

  /** The token, to be shown once. */
  async complete(by: AuditActor): Promise<string> {
    const { credential, token } = await this.store.completeSetup();
    await this.audit.record({ ...by, type: AuditEventType.SetupCompleted, subject: credential.id });
    return token;
  }
}
