import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { AdminController } from './admin.controller';
import { OrganizationDirectory } from './organization-directory';

/** Operators' controls: feature flags, finding organisations, and their plans and overrides. */
@Module({
  imports: [EntitlementsModule],
  controllers: [AdminController],
  providers: [OrganizationDirectory],
})
export class AdminModule {}
