import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UpstreamIdentity } from '../entities/upstream-identity.entity';
import { UpstreamProvider } from '../entities/upstream-provider.entity';

export interface LinkedIdentity {
  providerId: string;
  providerName: string;
  subject: string;
  linkedAt: Date;
  lastLoginAt: Date;
}

/** The upstream identities linked to a user, for the account page: listed, and unlinked by the user. */
@Injectable()
export class LinkedIdentities {
  constructor(
    @InjectRepository(UpstreamIdentity) private readonly identities: Repository<UpstreamIdentity>,
    @InjectRepository(UpstreamProvider) private readonly providers: Repository<UpstreamProvider>,
  ) {}

  async ofUser(userId: string): Promise<LinkedIdentity[]> {
    const identities = await this.identities.find({ where: { userId }, order: { createdAt: 'ASC' } });
    const providers = new Map((await this.providers.find()).map((p) => [p.id, p]));
    return identities.map((i) => ({
      providerId: i.providerId,
      providerName: providers.get(i.providerId)?.displayName ?? i.providerId,
      subject: i.subject,
      linkedAt: i.createdAt,
      lastLoginAt: i.lastLoginAt,
    }));
  }

  /** Whether the link existed; signing in through that provider then no longer reaches this user. */
  async unlink(userId: string, providerId: string): Promise<boolean> {
    if (typeof providerId !== 'string' || providerId.length > 64) return false;
    const result = await this.identities.delete({ userId, providerId });
    return (result.affected ?? 0) > 0;
  }
}
