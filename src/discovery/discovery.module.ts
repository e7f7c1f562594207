import { Global, Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { ScopesModule } from '../scopes/scopes.module';
import { DiscoveryController } from './discovery.controller';
import { DiscoveryDocuments } from './discovery-documents';
import { DiscoveryRegistry } from './discovery.registry';
import { PublishedScopes } from './published-scopes';

/**
 * Global so that any feature module can inject DiscoveryRegistry and contribute what it
 * serves, without importing discovery (which would make a cycle through keys and scopes).
 */
@Global()
@Module({
  imports: [KeysModule, ScopesModule],
  controllers: [DiscoveryController],
  providers: [DiscoveryRegistry, DiscoveryDocuments, PublishedScopes],
  exports: [DiscoveryRegistry, DiscoveryDocuments],
})
export class DiscoveryModule {}
