import { Module } from '@nestjs/common';
import { AccountNoticesService } from './account-notices.service';
import { AccountsService } from './accounts.service';
import { EmailVerificationService } from './email-verification.service';
import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { OperatorsService } from './operators.service';
import { PasswordResetService } from './password-reset.service';
import { PrincipalResolver } from './principal-resolver.service';
import { SessionsService } from './sessions.service';
import { ClientAddresses, LoginThrottle, Throttle, ThrottleCounters } from './throttling';

const services = [
  AccountsService,
  EmailVerificationService,
  AccountNoticesService,
  PrincipalResolver,
  SessionsService,
  PasswordResetService,
  MembersService,
  InvitationsService,
  ApiKeysService,
  OperatorsService,
  ThrottleCounters,
  Throttle,
  LoginThrottle,
  ClientAddresses,
];

@Module({ providers: services, exports: services })
export class AccountsModule {}
