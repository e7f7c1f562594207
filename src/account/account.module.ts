import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthorizationModule } from '../authorization/authorization.module';
import { MailModule } from '../mail/mail.module';
import { TokenModule } from '../token/token.module';
import { UsersModule } from '../users/users.module';
import { PasswordResetController } from './password-reset/password-reset.controller';
import { PasswordResetService } from './password-reset/password-reset.service';
import { UserActionToken } from './tokens/user-action-token.entity';
import { UserActionTokens } from './tokens/user-action-tokens.service';

/** End users' self-service (issue #18): today the password reset; registration and /account next. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserActionToken]),
    AuditModule,
    AuthorizationModule,
    MailModule,
    TokenModule,
    UsersModule,
  ],
  controllers: [PasswordResetController],
  providers: [UserActionTokens, PasswordResetService],
  exports: [UserActionTokens],
})
export class AccountModule {}
