import { Module } from '@nestjs/common';
import { CostsModule } from '@apex/costs';
import { EntitlementsModule } from '@apex/entitlements';
import { CostFileUploadsGuard } from './cost-file-uploads.guard';
import { CostFilesController } from './cost-files.controller';

@Module({
  imports: [CostsModule, EntitlementsModule],
  controllers: [CostFilesController],
  providers: [CostFileUploadsGuard],
})
export class CostFilesApiModule {}
