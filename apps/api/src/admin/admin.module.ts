import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { AdminController } from './admin.controller';

/** Operators' controls: feature flags and organisations' plans and contract terms. */
@Module({
  imports: [EntitlementsModule],
  controllers: [AdminController],
})
export class AdminModule {}
