import { AuditModule } from '../audit/audit.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../scopes/scopes.module';
import { UsersModule } from '../users/users.module';
import { Consent } from './consent/consent.entity';
import { ConsentService } from './consent/consent.service';
import { CsrfTokens } from './csrf/csrf-tokens';
import { InteractionEngine } from './engine/interaction-engine';
import { InteractionSteps, REGISTERED_STEPS } from './engine/interaction-steps';
import { LocalStrategy } from './login/local.strategy';
import { LoginAlternatives } from './login/login-alternatives';
import { LoginMethods } from './login/login-methods';
import { ConsentPage } from './pages/consent-page';
import { PasswordSignIn } from './login/password-sign-in';
import { BrowserSession } from './session/browser-session.entity';
import { SessionEndings } from './session/session-endings';
import { SessionService } from './session/session.service';
import { Interaction } from './store/interaction.entity';
import { InteractionStore } from './store/interaction.store';

/**
 * A browser interaction as a sequence of steps kept in Postgres: sign in, the registered steps,
 * consent, then back to the flow that started it (authorization endpoint, device verification).
 * Owns browser sessions, CSRF tokens, the password login form's handling and remembered
 * consents. The flows keep their pages and URLs and ask the engine what comes next.
 */
@Module({
  imports: [TypeOrmModule.forFeature([BrowserSession, Interaction, Consent]), UsersModule, ScopesModule, AuditModule],
  providers: [
    SessionService,
    SessionEndings,
    InteractionStore,
    InteractionSteps,
    InteractionEngine,
    CsrfTokens,
    LocalStrategy,
    PasswordSignIn,
    LoginAlternatives,
    LoginMethods,
    ConsentService,
    ConsentPage,
    ...REGISTERED_STEPS,
  ],
  exports: [
    SessionService,
    // Back-channel logout (src/logout-channels) hears here of every session that ends.
    SessionEndings,
    InteractionStore,
    InteractionSteps,
    InteractionEngine,
    CsrfTokens,
    LocalStrategy,
    PasswordSignIn,
    LoginAlternatives,
    LoginMethods,
    ConsentService,
    ConsentPage,
  ],
})
export class InteractionModule {}
