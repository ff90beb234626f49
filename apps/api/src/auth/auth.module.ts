import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { EntitlementsModule } from '@apex/entitlements';
import { AccountEmailStarter } from './account-email.starter';
import { FeatureGate } from './feature-gate';
import { PasswordResetController } from './password-reset.controller';

/** Password resets, and what the auth guard and the account features share: the feature gate and the email starter. */
@Module({
  imports: [AccountsModule, EntitlementsModule],
  controllers: [PasswordResetController],
  providers: [FeatureGate, AccountEmailStarter],
  exports: [FeatureGate, AccountEmailStarter],
})
export class AuthModule {}
