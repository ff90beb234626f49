import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysController } from './api-keys.controller';

@Module({
  imports: [AccountsModule, AuthModule],
  controllers: [ApiKeysController],
})
export class ApiKeysModule {}
