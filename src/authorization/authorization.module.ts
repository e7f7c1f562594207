import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
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
import { CodeResponse } from './flow/code-response';
import { InteractionController } from './interaction.controller';
import { InteractionPages } from './interaction/interaction-pages';
import { InteractionService } from './interaction/interaction.service';
import { LocalStrategy } from './login/local.strategy';
import { AuthorizationRequestValidator } from './request/authorization-request.validator';
import { SessionService } from './session/session.service';

/** /oauth2/authorize and the login and consent pages; browser sessions and consents. */
@Module({
  imports: [
    TypeOrmModule.forFeature([BrowserSession, Interaction, Consent]),
    PassportModule,
    UsersModule,
    ClientsModule,
    ScopesModule,
    TokenModule,
  ],
  controllers: [AuthorizeController, InteractionController],
  providers: [
    AuthorizationMetadata,
    AuthorizationRequestValidator,
    AuthorizationFlow,
    CodeResponse,
    ConsentService,
    CsrfTokens,
    InteractionPages,
    InteractionService,
    LocalStrategy,
    SessionService,
  ],
  exports: [SessionService, AuthorizationRequestValidator],
})
export class AuthorizationModule {}
