import { Module } from '@nestjs/common';
import { InteractionModule } from '../interaction/interaction.module';
import { UsersModule } from '../users/users.module';
import { SecondFactorMethods } from './second-factor/second-factor-methods';

/**
 * Second factors and passkeys (docs/second-factors.md): the methods (one-time codes, recovery
 * codes, passkeys), their enrolment, the interaction steps that ask for them, and the policy
 * that says when one is needed.
 */
@Module({
  imports: [InteractionModule, UsersModule],
  providers: [SecondFactorMethods],
  exports: [SecondFactorMethods],
})
export class FactorsModule {}
