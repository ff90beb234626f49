import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { AuthModule } from '../auth/auth.module';
import { InvitationsController } from './invitations.controller';
import { MembersController } from './members.controller';

/** The members of an organisation, their roles and invitations. */
@Module({
  imports: [AccountsModule, AuthModule],
  controllers: [MembersController, InvitationsController],
})
export class OrganizationModule {}
