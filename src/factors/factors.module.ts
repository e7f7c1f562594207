import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { InteractionSteps } from '../interaction/engine/interaction-steps';
import { InteractionModule } from '../interaction/interaction.module';
import { UsersModule } from '../users/users.module';
import { AccountSecuritySession } from './account/account-security-session';
import { SecurityPageController } from './account/security-page.controller';
import { SecuritySections } from './account/security-sections';
import { SecondFactorPolicy } from './policy/second-factor-policy';
import { SecondFactorPage } from './second-factor/second-factor-page';
import { SecondFactorProof } from './second-factor/second-factor-proof';
import { SecondFactorSetupStep } from './second-factor/second-factor-setup.step';
import { SecondFactorStep } from './second-factor/second-factor.step';
import { SecondFactorMethods } from './second-factor/second-factor-methods';

/**
 * Second factors and passkeys (docs/second-factors.md): the methods (one-time codes, recovery
 * codes, passkeys), their enrolment, the interaction steps that ask for them, and the policy
 * that says when one is needed.
 */
@Module({
  imports: [InteractionModule, UsersModule, ClientsModule, AuditModule],
  controllers: [SecurityPageController],
  providers: [
    SecondFactorMethods,
    SecuritySections,
    AccountSecuritySession,
    SecondFactorPolicy,
    SecondFactorPage,
    SecondFactorProof,
    SecondFactorSetupStep,
    SecondFactorStep,
  ],
  exports: [
    SecondFactorMethods,
    SecuritySections,
    AccountSecuritySession,
    SecondFactorPolicy,
    SecondFactorPage,
    SecondFactorProof,
  ],
})
export class FactorsModule implements OnModuleInit {
  constructor(
    private readonly steps: InteractionSteps,
    private readonly setup: SecondFactorSetupStep,
    private readonly secondFactor: SecondFactorStep,
  ) {}

  onModuleInit(): void {
    // Setting a factor up comes before proving one: enrolment steps the session up already.
    this.steps.register(this.setup);
    this.steps.register(this.secondFactor);
  }
}
