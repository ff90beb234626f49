import { Injectable } from '@nestjs/common';
import type { SandboxActivities } from '@apex/contracts';
import { SandboxesService } from './sandboxes.service';

/** The activity of `sandbox-<id>`. */
@Injectable()
export class SandboxActivitiesService {
  constructor(private readonly sandboxes: SandboxesService) {}

  activities(): SandboxActivities {
    return { deleteExpiredSandbox: ({ sandboxId }) => this.sandboxes.deleteUnclaimed(sandboxId) };
  }
}
