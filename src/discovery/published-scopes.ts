import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Scope } from '../scopes/scope.entity';

export interface PublishedScope {
  name: string;
  claims: string[];
}

/**
 * The one read discovery makes of the scopes table: name and claims, for scopes_supported and
 * claims_supported. Read-only; the scopes module owns every write.
 */
@Injectable()
export class PublishedScopes {
  constructor(@InjectRepository(Scope) private readonly scopes: Repository<Scope>) {}

  all(): Promise<PublishedScope[]> {
    return this.scopes.find({ select: { name: true, claims: true }, order: { name: 'ASC' } });
  }
}
