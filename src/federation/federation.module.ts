import { LinkedIdentities } from './linking/linked-identities';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InteractionModule } from '../interaction/interaction.module';
import { OutboundModule } from '../outbound/outbound.module';
import { UsersModule } from '../users/users.module';
import { UpstreamIdentity } from './entities/upstream-identity.entity';
import { UpstreamLogin } from './entities/upstream-login.entity';
import { UpstreamProvider } from './entities/upstream-provider.entity';
import { UpstreamAccountLinker } from './linking/upstream-account-linker';
import { FederatedSignIn } from './login/federated-sign-in';
import { UpstreamCallback } from './login/upstream-callback';
import { UpstreamLoginCookie } from './login/upstream-login-cookie';
import { UpstreamLoginFailureFilter } from './login/upstream-login-failure.filter';
import { UpstreamLoginOptions } from './login/upstream-login-options';
import { UpstreamLoginStarter } from './login/upstream-login.starter';
import { UpstreamLoginStore } from './login/upstream-login.store';
import { UpstreamClientSecrets } from './providers/upstream-client-secrets';
import { UpstreamProvidersService } from './providers/upstream-providers.service';
import { UpstreamConfigurations } from './rp/upstream-configurations';
import { UpstreamCallbackController } from './upstream-callback.controller';
import { UpstreamLoginController } from './upstream-login.controller';

/**
 * Sign-in through upstream OpenID providers: this server is their relying party, and a user
 * they vouch for signs in here as the linked local user.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UpstreamProvider, UpstreamIdentity, UpstreamLogin]),
    InteractionModule,
    UsersModule,
    OutboundModule,
  ],
  controllers: [UpstreamLoginController, UpstreamCallbackController],
  providers: [
    LinkedIdentities,
    UpstreamProvidersService,
    UpstreamClientSecrets,
    UpstreamConfigurations,
    UpstreamLoginStore,
    UpstreamLoginCookie,
    UpstreamLoginStarter,
    UpstreamLoginOptions,
    UpstreamCallback,
    UpstreamAccountLinker,
    UpstreamLoginFailureFilter,
    FederatedSignIn,
  ],
  exports: [UpstreamProvidersService, LinkedIdentities],
})
export class FederationModule {}
