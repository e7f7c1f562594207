import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { KeyRotation } from '../../keys/key-lifecycle';
import type { SigningKeyInfo } from '../../keys/signing-key-info';
import { SigningKeyService } from '../../keys/signing-key.service';
import type { KeyRotationDto, SigningKeyDto } from './key.dto';

const toKeyDto = (k: SigningKeyInfo): SigningKeyDto => ({
  kid: k.kid,
  alg: k.alg,
  state: k.state,
  public_jwk: k.publicJwk,
  created_at: k.createdAt,
  activated_at: k.activatedAt,
  retired_at: k.retiredAt,
  remove_after: k.removeAfter,
});

const toRotationDto = (r: KeyRotation): KeyRotationDto => ({
  active_kid: r.activeKid,
  next_kid: r.nextKid,
  retired_kid: r.retiredKid,
});

@Injectable()
export class AdminKeysService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly audit: AuditService,
  ) {}

  /** Public halves and states only (SigningKeyInfo never carries a private key). */
  async list(): Promise<SigningKeyDto[]> {
    return (await this.keys.list()).map(toKeyDto);
  }

  async rotate(by: AuditActor): Promise<KeyRotationDto> {
    const rotation = toRotationDto(await this.keys.rotate());
    await this.audit.record({
      ...by,
      type: AuditEventType.KeysRotated,
      subject: rotation.active_kid,
      details: { ...rotation },
    });
    return rotation;
  }

  async retire(kid: string, removeNow: boolean, by: AuditActor): Promise<KeyRotationDto> {
    const rotation = toRotationDto(await this.keys.retire(kid, { removeNow }));
    await this.audit.record({
      ...by,
      type: AuditEventType.KeyRetired,
      subject: kid,
      details: { ...rotation, remove_now: removeNow },
    });
    return rotation;
  }
}
