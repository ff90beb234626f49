import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { MeteringModule } from '@apex/metering';
import { RunAdmissionService } from './run-admission.service';
import { RunUsageService } from './run-usage.service';
import { RunsService } from './runs.service';
import { SupervisorRunActivitiesService } from './supervisor-run-activities';

/** Admission, the record of runs and the run workflow's activities; shared by the API and the worker. */
@Module({
  imports: [EntitlementsModule, MeteringModule],
  providers: [RunAdmissionService, RunsService, RunUsageService, SupervisorRunActivitiesService],
  exports: [RunAdmissionService, RunsService, RunUsageService, SupervisorRunActivitiesService],
})
export class RunsModule {}
