import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { PrincipalResolver } from './principal-resolver.service';

@Module({
  providers: [AccountsService, PrincipalResolver],
  exports: [AccountsService, PrincipalResolver],
})
export class AccountsModule {}
