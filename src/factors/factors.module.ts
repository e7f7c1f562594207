import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { ReplayModule } from '../common/replay/replay.module';
import { InteractionSteps } from '../interaction/engine/interaction-steps';
import { InteractionModule } from '../interaction/interaction.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AccountSecuritySession } from './account/account-security-session';
import { FactorChangeProof } from './account/factor-change-proof';
import { SecurityPageController } from './account/security-page.controller';
import { SecuritySections } from './account/security-sections';
import { SecondFactorPolicy } from './policy/second-factor-policy';
import { EnrolledSecondFactorsRegistration } from './second-factor/enrolled-second-factors.registration';
import { SecondFactorPage } from './second-factor/second-factor-page';
import { SecondFactorProof } from './second-factor/second-factor-proof';
import { SecondFactorSetupStep } from './second-factor/second-factor-setup.step';
import { SecondFactorStep } from './second-factor/second-factor.step';
import { SecondFactorMethods } from './second-factor/second-factor-methods';
import { RecoveryCode } from './recovery-codes/recovery-code.entity';
import { RecoveryCodeIssuer } from './recovery-codes/recovery-code-issuer';
import { RecoveryCodeMethod } from './recovery-codes/recovery-code.method';
import { RecoveryCodes } from './recovery-codes/recovery-codes.service';
import { RecoveryCodesController } from './recovery-codes/recovery-codes.controller';
import { RecoveryCodesRenewal } from './recovery-codes/recovery-codes-renewal';
import { RecoveryCodesSection } from './recovery-codes/recovery-codes.section';
import { CodeAttempts } from './totp/code-attempts';
import { TotpEnrolment } from './totp/totp-enrolment.service';
import { TotpEnrolmentController } from './totp/totp-enrolment.controller';
import { TotpFactor } from './totp/totp-factor.entity';
import { TotpFactors } from './totp/totp-factors.service';
import { TotpMethod } from './totp/totp.method';
import { TotpSecretSealer } from './totp/totp-secret-sealer';
import { TotpSection } from './totp/totp.section';
import { Passkey } from './passkeys/passkey.entity';
import { PasskeyStore } from './passkeys/passkey.store';
import { PasskeyAssertions } from './passkeys/passkey-assertions';
import { PasskeyAssetsController } from './passkeys/passkey-assets.controller';
import { PasskeyChallenges } from './passkeys/passkey-challenges';
import { PasskeyEnrolment } from './passkeys/passkey-enrolment';
import { PasskeyNotice } from './passkeys/passkey-notice';
import { PasskeyRegistration } from './passkeys/passkey-registration';
import { PasskeyRemoval } from './passkeys/passkey-removal';
import { PasskeySecondFactor } from './passkeys/passkey-second-factor';
import { PasskeySignIn } from './passkeys/passkey-sign-in';
import { PasskeySignInController } from './passkeys/passkey-sign-in.controller';
import { PasskeysController } from './passkeys/passkeys.controller';
import { PasskeysSection } from './passkeys/passkeys-section';
import { RelyingParty } from './passkeys/relying-party';

/**
 * Second factors and passkeys (docs/second-factors.md): the methods (one-time codes, recovery
 * codes, passkeys), their enrolment, the interaction steps that ask for them, and the policy
 * that says when one is needed.
 */
@Module({
  imports: [
    InteractionModule,
    UsersModule,
    ClientsModule,
    AuditModule,
    TypeOrmModule.forFeature([TotpFactor, RecoveryCode, Passkey]),
    ReplayModule,
    MailModule,
  ],
  controllers: [
    SecurityPageController,
    TotpEnrolmentController,
    RecoveryCodesController,
    PasskeysController,
    PasskeySignInController,
    PasskeyAssetsController,
  ],
  providers: [
    SecondFactorMethods,
    SecuritySections,
    AccountSecuritySession,
    FactorChangeProof,
    SecondFactorPolicy,
    SecondFactorPage,
    SecondFactorProof,
    SecondFactorSetupStep,
    SecondFactorStep,
    TotpSecretSealer,
    TotpFactors,
    CodeAttempts,
    TotpEnrolment,
    TotpMethod,
    TotpSection,
    RecoveryCodes,
    RecoveryCodeIssuer,
    RecoveryCodesRenewal,
    RecoveryCodeMethod,
    RecoveryCodesSection,
    EnrolledSecondFactorsRegistration,
    RelyingParty,
    PasskeyStore,
    PasskeyChallenges,
    PasskeyAssertions,
    PasskeyRegistration,
    PasskeyNotice,
    PasskeyEnrolment,
    PasskeyRemoval,
    PasskeySignIn,
    PasskeySecondFactor,
    PasskeysSection,
  ],
  exports: [
    SecondFactorMethods,
    SecuritySections,
    AccountSecuritySession,
    SecondFactorPolicy,
    SecondFactorPage,
    SecondFactorProof,
    RecoveryCodeIssuer,
    PasskeyStore,
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
