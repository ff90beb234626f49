import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { CostsModule } from '@apex/costs';
import { EntitlementsModule } from '@apex/entitlements';
import { CostFileUploadsGuard } from './cost-file-uploads.guard';
import { CostFilesController } from './cost-files.controller';
import { UploadProgressBoard } from './upload-progress';

@Module({
  imports: [CostsModule, EntitlementsModule, AccountsModule],
  controllers: [CostFilesController],
  providers: [CostFileUploadsGuard, UploadProgressBoard],
})
export class CostFilesApiModule {}
