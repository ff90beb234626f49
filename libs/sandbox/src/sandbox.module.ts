import { Module } from '@nestjs/common';
import { CostIngestionStore } from '@apex/costs';
import { OpenAiExportLoader } from './openai-export-loader';
import { SandboxActivitiesService } from './sandbox-activities';
import { SandboxesService } from './sandboxes.service';

/** ROI before sign-up: the record of sandboxes (owner of `sandboxes`), the loading of OpenAI usage exports, and the deletion activity. */
@Module({
  providers: [SandboxesService, SandboxActivitiesService, CostIngestionStore, OpenAiExportLoader],
  exports: [SandboxesService, SandboxActivitiesService, OpenAiExportLoader],
})
export class SandboxModule {}
