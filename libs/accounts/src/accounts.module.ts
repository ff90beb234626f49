import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { OperatorsService } from './operators.service';
import { PasswordResetService } from './password-reset.service';
import { PrincipalResolver } from './principal-resolver.service';
import { SessionsService } from './sessions.service';

const services = [
  AccountsService,
  PrincipalResolver,
  SessionsService,
  PasswordResetService,
  MembersService,
  InvitationsService,
  ApiKeysService,
  OperatorsService,
];

@Module({ providers: services, exports: services })
export class AccountsModule {}
