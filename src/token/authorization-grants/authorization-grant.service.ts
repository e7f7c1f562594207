import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuthorizationGrant } from './authorization-grant.entity';

export interface NewAuthorizationGrant {
  clientId: string;
  userId: string | null;
  sessionId?: string | null;
  scope: string[];
  claims?: Record<string, unknown> | null;
  authTime?: Date | null;
  amr?: string[];
  expiresAt?: Date | null;
}

/** Grants tie every code and token of one authorization together (see AuthorizationGrant). */
@Injectable()
export class AuthorizationGrantService {
  constructor(@InjectRepository(AuthorizationGrant) private readonly grants: Repository<AuthorizationGrant>) {}

  create(input: NewAuthorizationGrant): Promise<AuthorizationGrant> {
    return this.grants.save(
      this.grants.create({
        clientId: input.clientId,
        userId: input.userId,
        sessionId: input.sessionId ?? null,
        scope: input.scope,
        claims: input.claims ?? null,
        authTime: input.authTime ?? null,
        amr: input.amr ?? [],
        expiresAt: input.expiresAt ?? null,
      }),
    );
  }

  /** The grant whether or not it was revoked: for callers that judged its state at another moment. */
  find(id: string): Promise<AuthorizationGrant | null> {
    return this.grants.findOneBy({ id });
  }

  findActive(id: string): Promise<AuthorizationGrant | null> {
    return this.grants.findOneBy({ id, revokedAt: IsNull() });
  }

  /** Revokes the whole family: every token whose grant is revoked is dead, without touching the tokens. */
  async revoke(id: string, reason: string): Promise<void> {
    await this.grants.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** The clients holding unrevoked grants from a browser session: whom its logout concerns. */
  async clientIdsOfSession(sessionId: string): Promise<string[]> {
    const rows = await this.grants
      .createQueryBuilder('g')
      .select('g.clientId', 'clientId')
      .distinct(true)
      .where('g.sessionId = :sessionId AND g.revokedAt IS NULL', { sessionId })
      .getRawMany<{ clientId: string }>();
    return rows.map((r) => r.clientId);
  }

  async revokeBySession(sessionId: string, clientId: string | undefined, reason: string): Promise<number> {
    const res = await this.grants.update(
      { sessionId, revokedAt: IsNull(), ...(clientId ? { clientId } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return res.affected ?? 0;
  }
}
