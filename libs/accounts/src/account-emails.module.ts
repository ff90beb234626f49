import { Module } from '@nestjs/common';
import { EmailModule } from '@apex/email';
import { AccountEmailActivitiesService } from './account-email-activities';

/** The worker's side of accounts: the activities that email reset and invitation links. */
@Module({
  imports: [EmailModule],
  providers: [AccountEmailActivitiesService],
  exports: [AccountEmailActivitiesService],
})
export class AccountEmailsModule {}
