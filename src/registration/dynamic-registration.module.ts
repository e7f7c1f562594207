import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { ScopesModule } from '../scopes/scopes.module';
import { ClientRegistrationService, REGISTRATION_PATH } from './client-registration.service';
import { InitialAccessToken } from './initial-access-token.entity';
import { InitialAccessTokenGuard } from './initial-access-token.guard';
import { InitialAccessTokenService } from './initial-access-token.service';
import { RegistrationAccessTokenGuard } from './registration-access-token.guard';
import { RegistrationController } from './registration.controller';

/** Dynamic client registration (RFC 7591) and management (RFC 7592). */
@Module({
  imports: [TypeOrmModule.forFeature([InitialAccessToken]), ClientsModule, ScopesModule],
  controllers: [RegistrationController],
  providers: [
    ClientRegistrationService,
    InitialAccessTokenService,
    InitialAccessTokenGuard,
    RegistrationAccessTokenGuard,
  ],
  exports: [InitialAccessTokenService],
})
export class DynamicRegistrationModule implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryRegistry) {}

  onModuleInit(): void {
    // RFC 8414 §2 / OIDC Discovery §3: registration_endpoint.
    this.discovery.contribute({ registration_endpoint: REGISTRATION_PATH });
  }
}
