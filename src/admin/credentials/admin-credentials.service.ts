import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AdminError, AdminErrorCode } from '../admin.error';
import type { AdminPrincipal } from '../auth/admin-principal';
import type { AdminCredential, AdminCredentialOrigin } from './admin-credential.entity';
import { AdminCredentialStore, IssuedAdminCredential } from './admin-credential.store';
import type { CredentialDto, IssuedCredentialDto } from './credential.dto';

export const toCredentialDto = (c: AdminCredential): CredentialDto => ({
  id: c.id,
  name: c.name,
  origin: c.origin,
  created_at: c.createdAt,
  revoked_at: c.revokedAt,
  last_used_at: c.lastUsedAt,
  active: c.revokedAt === null,
});

const toIssuedDto = ({ credential, token }: IssuedAdminCredential): IssuedCredentialDto => ({
  credential: toCredentialDto(credential),
  token,
});

/** Admin credentials as the admin API and the CLI manage them, each change audited. */
@Injectable()
export class AdminCredentialsService {
  constructor(
    private readonly store: AdminCredentialStore,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<CredentialDto[]> {
    return (await this.store.list()).map(toCredentialDto);
  }

  async create(name: string, origin: AdminCredentialOrigin, by: AuditActor): Promise<IssuedCredentialDto> {
    const issued = await this.store.create(name, origin);
    await this.audit.record({
      ...by,
      type: AuditEventType.CredentialCreated,
      subject: issued.credential.id,
      details: { name, origin },
    });
    return toIssuedDto(issued);
  }

  /** The caller's own credential is replaced: the token it used stops working now. */
  async rotateOwn(principal: AdminPrincipal | undefined, by: AuditActor): Promise<IssuedCredentialDto> {
    if (principal?.kind !== 'credential')
      throw new AdminError(
        AdminErrorCode.NotACredential,
        'only an admin credential can be rotated: this is an access token',
      );
    return this.rotate(principal.credentialId, 'api', by);
  }

  async rotate(id: string, origin: AdminCredentialOrigin, by: AuditActor): Promise<IssuedCredentialDto> {
    const issued = await this.store.rotate(id, origin);
    await this.audit.record({
      ...by,
      type: AuditEventType.CredentialRotated,
      subject: issued.credential.id,
      details: { replaced: id },
    });
    return toIssuedDto(issued);
  }

  /** Every credential is replaced by one new one (the CLI's way back in after a lost or leaked token). */
  async replaceAll(name: string, origin: AdminCredentialOrigin, by: AuditActor): Promise<IssuedCredentialDto> {
    const { revoked, ...issued } = await this.store.replaceAll(name, origin);
    await this.audit.record({
      ...by,
      type: AuditEventType.CredentialRotated,
      subject: issued.credential.id,
      details: { replaced: 'all', revoked },
    });
    return toIssuedDto(issued);
  }

  async revoke(id: string, by: AuditActor): Promise<void> {
    await this.store.revoke(id);
    await this.audit.record({ ...by, type: AuditEventType.CredentialRevoked, subject: id });
  }
}
