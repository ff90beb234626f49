import { Module } from '@nestjs/common';
import { FocusFileLoader } from './loading/focus-file-loader';
import { CostFileViews } from './sources/cost-file-views';

/** Cost data services shared by the API and the worker: FOCUS file loading and the file sources. */
@Module({
  providers: [FocusFileLoader, CostFileViews],
  exports: [FocusFileLoader, CostFileViews],
})
export class CostsModule {}
