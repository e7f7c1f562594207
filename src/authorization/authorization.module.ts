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
import { ConsentService } from './consent/consent.service';
import { CsrfTokens } from './csrf/csrf-tokens';
import { BrowserSession } from './entities/browser-session.entity';
import { Consent } from './entities/consent.entity';
import { Interaction } from './entities/interaction.entity';
import { AuthorizationFlow } from './flow/authorization-flow';
import { AuthorizationResponse } from './flow/authorization-response';
import { FrontChannelTokens } from './flow/front-channel-tokens';
import { InteractionController } from './interaction.controller';
import { InteractionPages } from './interaction/interaction-pages';
import { InteractionService } from './interaction/interaction.service';
import { LocalStrategy } from './login/local.strategy';
import { LoginAlternatives } from './login/login-alternatives';
import { IdTokenHintVerifier } from './logout/id-token-hint';
import { LogoutController } from './logout/logout.controller';
import { LogoutMetadata } from './logout/logout-metadata';
import { LogoutPages } from './logout/logout-pages';
import { LogoutRequestValidator } from './logout/logout-request.validator';
import { LogoutRevocation } from './logout/logout-revocation';
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
import { SessionService } from './session/session.service';

/**
 * /oauth2/authorize and the login and consent pages; browser sessions and consents;
 * /oauth2/logout (RP-initiated logout).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([BrowserSession, Interaction, Consent, PushedRequest]),
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
    ConsentService,
    CsrfTokens,
    InteractionPages,
    InteractionService,
    LocalStrategy,
    LoginAlternatives,
    SessionService,
    IdTokenHintVerifier,
    LogoutMetadata,
    LogoutPages,
    LogoutRequestValidator,
    LogoutRevocation,
    RpInitiatedLogout,
    ParService,
    PushedRequestStore,
    RequestFormsMetadata,
    RequestObjectVerifier,
    RemoteRequestObjects,
    RequestSource,
  ],
  exports: [
    SessionService,
    AuthorizationRequestValidator,
    // For sign-in through upstream providers (src/federation), which continues these same interactions.
    AuthorizationFlow,
    InteractionService,
    InteractionPages,
    CsrfTokens,
    LoginAlternatives,
    // For the device verification pages (src/device), which follow the same consent policies
    // and check passwords the same way.
    ConsentService,
    LocalStrategy,
  ],
})
export class AuthorizationModule {}
