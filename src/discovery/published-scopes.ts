import { Injectable } from '@nestjs/common';
import { ScopesService } from '../scopes/scopes.service';

export interface PublishedScope {
  name: string;
  claims: string[];
}

/** The scopes discovery publishes (scopes_supported, claims_supported), as the scopes module reads them. */
@Injectable()
export class PublishedScopes {
  constructor(private readonly scopes: ScopesService) {}

  all(): Promise<PublishedScope[]> {
    return this.scopes.published();
  }
}
