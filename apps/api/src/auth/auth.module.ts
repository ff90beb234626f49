import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { EntitlementsModule } from '@apex/entitlements';
import { AccountEmailStarter } from './account-email.starter';
import { EmailVerificationController } from './email-verification.controller';
import { FeatureGate } from './feature-gate';
import { PasswordResetController } from './password-reset.controller';
import { VerifiedEmailCheck, VerifiedEmailGuard } from './verified-email.guard';

/**
 * Password resets and email verification, and what the auth guard and the account features share: the feature gate,
 * the email starter and the verified-email check.
 */
@Module({
  imports: [AccountsModule, EntitlementsModule],
  controllers: [PasswordResetController, EmailVerificationController],
  providers: [FeatureGate, AccountEmailStarter, VerifiedEmailCheck, VerifiedEmailGuard],
  exports: [FeatureGate, AccountEmailStarter, VerifiedEmailCheck, VerifiedEmailGuard, AccountsModule],
})
export class AuthModule {}
