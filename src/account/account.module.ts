import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { FactorsModule } from '../factors/factors.module';
import { FederationModule } from '../federation/federation.module';
import { ClientsModule } from '../clients/clients.module';
import { InteractionModule } from '../interaction/interaction.module';
import { MailModule } from '../mail/mail.module';
import { TokenModule } from '../token/token.module';
import { UsersModule } from '../users/users.module';
import { EmailVerificationController } from './email-verification/email-verification.controller';
import { EmailVerificationService } from './email-verification/email-verification.service';
import { PasswordResetController } from './password-reset/password-reset.controller';
import { PasswordResetService } from './password-reset/password-reset.service';
import { AccountPageController } from './page/account-page.controller';
import { AccountPageService } from './page/account-page.service';
import { SignupController } from './signup/signup.controller';
import { PasswordChangedNotice } from './password-changed-notice';
import { SignupService } from './signup/signup.service';
import { UserActionToken } from './tokens/user-action-token.entity';
import { UserActionTokens } from './tokens/user-action-tokens.service';

/** End users' self-service (issue #18): sign-up, the password reset, email verification and the account page. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserActionToken]),
    AuditModule,
    InteractionModule,
    ClientsModule,
    FactorsModule,
    FederationModule,
    MailModule,
    TokenModule,
    UsersModule,
  ],
  controllers: [PasswordResetController, EmailVerificationController, SignupController, AccountPageController],
  providers: [
    UserActionTokens,
    PasswordChangedNotice,
    PasswordResetService,
    EmailVerificationService,
    SignupService,
    AccountPageService,
  ],
  exports: [PasswordResetService, EmailVerificationService, SignupService, UserActionTokens],
})
export class AccountModule {}
