import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../common/replay/replay.module';
import { KeysModule } from '../keys/keys.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ScopesModule } from '../scopes/scopes.module';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { ClientAuthenticator } from './client-authenticator';
import { Client } from './client.entity';
import { ClientScopeReferences } from './client-scope-references';
import { ClientsService } from './clients.service';
import { ClientSecretSealer } from './client-secret-sealer';
import { GrantTypeCatalogue } from './grant-type-catalogue';
import { SectorIdentifierDocuments } from './sector-identifier-documents';
import { SubjectIdentifiers } from './subject-identifiers';

@Module({
  imports: [TypeOrmModule.forFeature([Client]), KeysModule, ReplayModule, OutboundModule, ScopesModule],
  providers: [
    ClientsService,
    ClientAuthenticator,
    ClientAssertionVerifier,
    GrantTypeCatalogue,
    ClientSecretSealer,
    SectorIdentifierDocuments,
    SubjectIdentifiers,
    // Keeps a scope a client may ask for from being deleted (scopes reads no clients table).
    ClientScopeReferences,
  ],
  exports: [ClientsService, ClientAuthenticator, GrantTypeCatalogue, SubjectIdentifiers],
})
export class ClientsModule {}
