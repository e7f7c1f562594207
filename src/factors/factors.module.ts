import { Module } from '@nestjs/common';
import { InteractionModule } from '../interaction/interaction.module';
import { UsersModule } from '../users/users.module';
import { AccountSecuritySession } from './account/account-security-session';
import { SecurityPageController } from './account/security-page.controller';
import { SecuritySections } from './account/security-sections';
import { SecondFactorMethods } from './second-factor/second-factor-methods';

/**
 * Second factors and passkeys (docs/second-factors.md): the methods (one-time codes, recovery
 * codes, passkeys), their enrolment, the interaction steps that ask for them, and the policy
 * that says when one is needed.
 */
@Module({
  imports: [InteractionModule, UsersModule],
  controllers: [SecurityPageController],
  providers: [SecondFactorMethods, SecuritySections, AccountSecuritySession],
  exports: [SecondFactorMethods, SecuritySections, AccountSecuritySession],
})
export class FactorsModule {}
