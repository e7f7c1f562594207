import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { InteractionModule } from '../../interaction/interaction.module';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { MailModule } from '../../mail/mail.module';
import { TokenModule } from '../../token/token.module';
import { UsersModule } from '../../users/users.module';
import { AdminModule } from '../admin.module';
import { CONSOLE_CONTROLLERS, CONSOLE_ENTITIES, CONSOLE_PROVIDERS } from './admin-console.parts';

/**
 * The admin console: server-rendered pages at /admin/console over the admin services
 * (AdminModule), never through the admin API's controllers.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(CONSOLE_ENTITIES),
    AdminModule,
    AuditModule,
    UsersModule,
    MailModule,
    // The dashboard's count of tokens issued lately (TokenStore).
    TokenModule,
    // The console signs admins in with this server's own browser sessions.
    InteractionModule,
  ],
  controllers: CONSOLE_CONTROLLERS,
  providers: [...CONSOLE_PROVIDERS, CsrfGuard],
})
export class AdminConsoleModule {}
