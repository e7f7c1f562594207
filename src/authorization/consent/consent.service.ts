import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Consent } from '../entities/consent.entity';

/** The scopes users have allowed clients, for consent_policy `once`. */
@Injectable()
export class ConsentService {
  constructor(
    @InjectRepository(Consent) private readonly consents: Repository<Consent>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Whether the user already allowed this client every one of `scope`. */
  async covers(userId: string, clientId: string, scope: readonly string[]): Promise<boolean> {
    const consent = await this.consents.findOneBy({ userId, clientId });
    return consent !== null && scope.every((s) => consent.scopes.includes(s));
  }

  /** Adds `scope` to what the user allowed the client; earlier scopes stay allowed. */
  async remember(userId: string, clientId: string, scope: readonly string[]): Promise<void> {
    await this.db.query(
      `INSERT INTO consents AS c (user_id, client_id, scopes, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id, client_id) DO UPDATE SET
         scopes = ARRAY(SELECT DISTINCT unnest(c.scopes || EXCLUDED.scopes) ORDER BY 1),
         updated_at = now()`,
      [userId, clientId, scope],
    );
  }
}
