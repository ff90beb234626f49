import { Module } from '@nestjs/common';
import { CostConnectionsModule } from '@apex/costs';
import { EntitlementsModule } from '@apex/entitlements';
import { CloudBillingGuard } from './cloud-billing.guard';
import { CostConnectionsController } from './cost-connections.controller';

@Module({
  imports: [CostConnectionsModule, EntitlementsModule],
  controllers: [CostConnectionsController],
  providers: [CloudBillingGuard],
})
export class CostConnectionsApiModule {}
