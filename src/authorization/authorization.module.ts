import { AccountModule } from '../account/account.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { MailModule } from '../mail/mail.module';
import { KeysModule } from '../keys/keys.module';
import { ScopesModule } from '../scopes/scopes.module';
import { TokenModule } from '../token/token.module';
import { UsersModule } from '../users/users.module';
import { AuthorizationMetadata } from './authorization-metadata';
import { AuthorizeController } from './authorize.controller';
import { AuthorizationFlow } from './flow/authorization-flow';
import { AuthorizationResponse } from './flow/authorization-response';
import { FrontChannelTokens } from './flow/front-channel-tokens';
import { InteractionController } from './interaction.controller';
import { InteractionModule } from '../interaction/interaction.module';
import { AuthorizationSteps } from './flow/authorization-steps';
import { AuthorizationPages } from './pages/authorization-pages';
import { FrontChannelLogout } from './logout/front-channel-logout';
import { IdTokenHintVerifier } from './logout/id-token-hint';
import { LogoutController } from './logout/logout.controller';
import { LogoutMetadata } from './logout/logout-metadata';
import { LogoutPages } from './logout/logout-pages';
import { LogoutRequestValidator } from './logout/logout-request.validator';
import { LogoutRevocation } from './logout/logout-revocation';
import { PendingLogouts } from './logout/pending-logouts';
import { RpInitiatedLogout } from './logout/rp-initiated-logout';
import { AuthorizationRequestValidator } from './request/authorization-request.validator';
import { ParController } from './par/par.controller';
import { ParService } from './par/par.service';
import { PushedRequest } from './par/pushed-request.entity';
import { PushedRequestStore } from './par/pushed-request.store';
import { RequestFormsMetadata } from './par/request-forms-metadata';
import { RemoteRequestObjects } from './request-object/remote-request-object';
import { RequestObjectVerifier } from './request-object/request-object.verifier';
import { RequestSource } from './request-object/request-source';
import { OutboundModule } from '../outbound/outbound.module';

/**
 * /oauth2/authorize and its interaction pages (login, registered steps, consent, run by the
 * interaction engine); PAR and request objects; /oauth2/logout (RP-initiated logout).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PushedRequest]),
    // Sign-up (the login page's link, prompt=create).
    AccountModule,
    InteractionModule,
    OutboundModule,
    UsersModule,
    ClientsModule,
    ScopesModule,
    TokenModule,
    KeysModule,
    // Whether mail works, for the login page's "Forgot password?" link.
    MailModule,
  ],
  controllers: [AuthorizeController, InteractionController, LogoutController, ParController],
  providers: [
    AuthorizationMetadata,
    AuthorizationRequestValidator,
    AuthorizationFlow,
    AuthorizationResponse,
    FrontChannelTokens,
    AuthorizationSteps,
    AuthorizationPages,
    IdTokenHintVerifier,
    FrontChannelLogout,
    LogoutMetadata,
    LogoutPages,
    LogoutRequestValidator,
    LogoutRevocation,
    PendingLogouts,
    RpInitiatedLogout,
    ParService,
    PushedRequestStore,
    RequestFormsMetadata,
    RequestObjectVerifier,
    RemoteRequestObjects,
    RequestSource,
  ],
  // Nothing: the browser session, CSRF, login and consent others need live in InteractionModule.
  exports: [],
})
export class AuthorizationModule {}
