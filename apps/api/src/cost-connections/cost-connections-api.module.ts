import { Module } from '@nestjs/common';
import { CostConnectionsModule } from '@apex/costs';
import { EntitlementsModule } from '@apex/entitlements';
import { AuthModule } from '../auth/auth.module';
import { CloudBillingGuard } from './cloud-billing.guard';
import { CostConnectionsController } from './cost-connections.controller';

@Module({
  imports: [CostConnectionsModule, EntitlementsModule, AuthModule],
  controllers: [CostConnectionsController],
  providers: [CloudBillingGuard],
})
export class CostConnectionsApiModule {}
