import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TtlCache } from '../common/cache/ttl-cache';
import { AppConfig } from '../config/app-config';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import { TrustedIssuer } from './trusted-issuer.entity';
import {
  givenFields,
  trustedIssuerDefaults,
  type TrustedIssuerInput,
  type UpdateTrustedIssuerInput,
} from './trusted-issuer-input';
import { assertValidTrustedIssuer } from './trusted-issuer.validation';
import { TrustedIssuersError, TrustedIssuersErrorCode } from './trusted-issuers.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The external issuers whose JWT bearer assertions are accepted (RFC 7523 §2.1). */
@Injectable()
export class TrustedIssuersService {
  // The token endpoint looks an issuer up on every assertion; other replicas see a change within KEY_CACHE_TTL.
  private readonly byIssuer: TtlCache<string, TrustedIssuer>;

  constructor(
    @InjectRepository(TrustedIssuer) private readonly issuers: Repository<TrustedIssuer>,
    config: AppConfig,
  ) {
    this.byIssuer = new TtlCache(config.keyCacheTtl);
  }

  /** The issuer of this exact iss, or null. Callers must treat it as read-only. */
  async findByIssuer(iss: string): Promise<TrustedIssuer | null> {
    const cached = this.byIssuer.get(iss);
    if (cached) return cached;
    const found = await this.issuers.findOneBy({ issuer: iss });
    if (found) this.byIssuer.set(iss, found);
    return found;
  }

  list(): Promise<TrustedIssuer[]> {
    return this.issuers.find({ order: { issuer: 'ASC' } });
  }

  async get(id: string): Promise<TrustedIssuer> {
    const found = UUID.test(id) ? await this.issuers.findOneBy({ id }) : null;
    if (!found) throw new TrustedIssuersError(TrustedIssuersErrorCode.TrustedIssuerNotFound, `no trusted issuer ${id}`);
    return found;
  }

  async create(input: TrustedIssuerInput): Promise<TrustedIssuer> {
    const issuer = this.issuers.create({ ...trustedIssuerDefaults(), ...givenFields(input) });
    assertValidTrustedIssuer(issuer);
    return this.saveUnique(issuer);
  }

  async update(id: string, changes: UpdateTrustedIssuerInput): Promise<TrustedIssuer> {
    const issuer = await this.get(id);
    const before = issuer.issuer;
    Object.assign(issuer, givenFields(changes));
    assertValidTrustedIssuer(issuer);
    const saved = await this.saveUnique(issuer);
    this.byIssuer.delete(before);
    this.byIssuer.delete(saved.issuer);
    return saved;
  }

  async delete(id: string): Promise<TrustedIssuer> {
    const issuer = await this.get(id);
    await this.issuers.delete({ id });
    this.byIssuer.delete(issuer.issuer);
    return issuer;
  }

  private async saveUnique(issuer: TrustedIssuer): Promise<TrustedIssuer> {
    try {
      return await this.issuers.save(issuer);
    } catch (error) {
      if (violatedUniqueConstraint(error) !== undefined)
        throw new TrustedIssuersError(
          TrustedIssuersErrorCode.IssuerTaken,
          `issuer ${issuer.issuer} is already trusted`,
        );
      throw error;
    }
  }
}
