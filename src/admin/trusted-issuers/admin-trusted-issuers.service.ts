import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { TrustedIssuersService } from '../../trusted-issuers/trusted-issuers.service';
import { fieldsGiven } from '../http/fields-given';
import type { CreateTrustedIssuerDto, TrustedIssuerDto, UpdateTrustedIssuerDto } from './trusted-issuer.dto';
import { toTrustedIssuerDto, toTrustedIssuerInput } from './trusted-issuer-mapping';

/** Trusted issuer administration: the trusted issuers module does the work, this adds the view and the audit trail. */
@Injectable()
export class AdminTrustedIssuersService {
  constructor(
    private readonly issuers: TrustedIssuersService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<TrustedIssuerDto[]> {
    return (await this.issuers.list()).map(toTrustedIssuerDto);
  }

  async get(id: string): Promise<TrustedIssuerDto> {
    return toTrustedIssuerDto(await this.issuers.get(id));
  }

  async create(dto: CreateTrustedIssuerDto, by: AuditActor): Promise<TrustedIssuerDto> {
    const issuer = await this.issuers.create({ ...toTrustedIssuerInput(dto), issuer: dto.issuer });
    await this.audit.record({
      ...by,
      type: AuditEventType.TrustedIssuerCreated,
      subject: issuer.issuer,
      details: { id: issuer.id, fields: fieldsGiven(dto) },
    });
    return toTrustedIssuerDto(issuer);
  }

  async update(id: string, dto: UpdateTrustedIssuerDto, by: AuditActor): Promise<TrustedIssuerDto> {
    const issuer = await this.issuers.update(id, toTrustedIssuerInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.TrustedIssuerUpdated,
      subject: issuer.issuer,
      details: { id, fields: fieldsGiven(dto) },
    });
    return toTrustedIssuerDto(issuer);
  }

  /** Its JWTs are refused from now on; tokens already issued for them live out their time. */
  async delete(id: string, by: AuditActor): Promise<void> {
    const issuer = await this.issuers.delete(id);
    await this.audit.record({
      ...by,
      type: AuditEventType.TrustedIssuerDeleted,
      subject: issuer.issuer,
      details: { id },
    });
  }
}
