import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ScopeReferences } from '../scopes/scope-references';
import { ClientsService } from './clients.service';

/** Tells the scopes module which clients may still ask for a scope, so it refuses to delete one in use. */
@Injectable()
export class ClientScopeReferences implements OnModuleInit {
  constructor(
    private readonly references: ScopeReferences,
    private readonly clients: ClientsService,
  ) {}

  onModuleInit(): void {
    this.references.register('clients', (scope, limit, manager) =>
      this.clients.idsAllowingScope(scope, limit, manager),
    );
  }
}
