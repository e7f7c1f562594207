import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../common/replay/replay.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { ClientAuthenticator } from './client-authenticator';
import { Client } from './client.entity';
import { ClientsService } from './clients.service';
import { ClientSecretSealer } from './client-secret-sealer';
import { GrantTypeCatalogue } from './grant-type-catalogue';

@Module({
  imports: [TypeOrmModule.forFeature([Client]), ReplayModule, OutboundModule],
  providers: [ClientsService, ClientAuthenticator, ClientAssertionVerifier, GrantTypeCatalogue, ClientSecretSealer],
  exports: [ClientsService, ClientAuthenticator, GrantTypeCatalogue],
})
export class ClientsModule {}
