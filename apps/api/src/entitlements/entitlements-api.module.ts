import { Global, Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { EntitlementsController } from './entitlements.controller';
import { FeatureGuard } from './feature.guard';

/**
 * Global, so that @RequiresFeature() works on a controller of any module: the
 * guard is built in the controller's module and finds EntitlementsPort here.
 */
@Global()
@Module({
  imports: [EntitlementsModule],
  controllers: [EntitlementsController],
  providers: [FeatureGuard],
  exports: [EntitlementsModule, FeatureGuard],
})
export class EntitlementsApiModule {}
