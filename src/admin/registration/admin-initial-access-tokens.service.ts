import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { InitialAccessTokenInfo, InitialAccessTokenService } from '../../registration/initial-access-token.service';
import type {
  InitialAccessTokenDto,
  IssuedInitialAccessTokenDto,
  IssueInitialAccessTokenDto,
} from './initial-access-token.dto';

const toDto = (t: InitialAccessTokenInfo): InitialAccessTokenDto => ({
  id: t.id,
  description: t.description,
  created_at: t.createdAt,
  expires_at: t.expiresAt,
  max_uses: t.maxUses,
  uses: t.uses,
  revoked_at: t.revokedAt,
  scopes: t.scopes,
  active: t.active,
});

/** Initial access tokens for dynamic client registration, as operators hand them out. */
@Injectable()
export class AdminInitialAccessTokensService {
  constructor(
    private readonly tokens: InitialAccessTokenService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<InitialAccessTokenDto[]> {
    return (await this.tokens.list()).map(toDto);
  }

  async issue(dto: IssueInitialAccessTokenDto, by: AuditActor): Promise<IssuedInitialAccessTokenDto> {
    const { token, info } = await this.tokens.issue({
      description: dto.description,
      expiresAt: dto.expires_at,
      maxUses: dto.max_uses,
      scopes: dto.scopes,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.InitialAccessTokenIssued,
      subject: info.id,
      details: { expires_at: info.expiresAt, max_uses: info.maxUses, scopes: info.scopes },
    });
    return { token, initial_access_token: toDto(info) };
  }

  async revoke(id: string, by: AuditActor): Promise<void> {
    await this.tokens.revoke(id);
    await this.audit.record({ ...by, type: AuditEventType.InitialAccessTokenRevoked, subject: id });
  }
}
