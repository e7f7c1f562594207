import { AccountModule } from '../account/account.module';
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { InteractionModule } from '../interaction/interaction.module';
import { ScopesModule } from '../scopes/scopes.module';
import { TokenModule } from '../token/token.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { DeviceAuthorizationController } from './authorization/device-authorization.controller';
import { DeviceAuthorizationService } from './authorization/device-authorization.service';
import { DeviceMetadata } from './device-metadata';
import { DeviceBindings } from './verification/device-binding';
import { DeviceLoginCsrfGuard } from './verification/device-login-csrf.guard';
import { DevicePages } from './verification/device-pages';
import { DeviceVerificationController } from './verification/device-verification.controller';
import { DeviceVerificationFlow } from './verification/device-verification.flow';
import { DeviceVerificationGuard } from './verification/device-verification.guard';
import { UserCodeThrottle } from './verification/user-code-throttle';

/**
 * The device authorization grant (RFC 8628): /oauth2/device_authorization for devices and the
 * verification pages at /oauth2/device for their users. The device codes belong to the token
 * module (src/token/device-codes), like authorization codes: its device_code grant polls them,
 * and this module creates and answers them through its DeviceCodeStore.
 */
@Module({
  imports: [AccountModule, InteractionModule, TokenModule, ClientsModule, ScopesModule, UsersModule, MailModule],
  controllers: [DeviceAuthorizationController, DeviceVerificationController],
  providers: [
    DeviceAuthorizationService,
    DeviceMetadata,
    DeviceBindings,
    DevicePages,
    DeviceVerificationFlow,
    DeviceVerificationGuard,
    DeviceLoginCsrfGuard,
    UserCodeThrottle,
  ],
})
export class DeviceModule {}
