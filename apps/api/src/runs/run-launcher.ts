import { Injectable, Logger } from '@nestjs/common';
import type { Principal, UpgradeOffer } from '@apex/contracts';
import { EntitlementsPort } from '@apex/entitlements';
import { LimitReached, RunAdmissionService, RunRow, RunsService } from '@apex/runs';
import { RunWorkflows } from './run-workflows';

export const NOT_STARTED = 'The run could not be started, so it does not count against your limit. Try again shortly.';

export type Launch =
  | { outcome: 'started'; run: RunRow; replayed: boolean }
  | { outcome: 'not_started'; run: RunRow }
  | (LimitReached & { upgrade: UpgradeOffer | null });

/**
 * Admits a run, then starts its workflow. If the start fails, the run's slot is given
 * back, unless the workflow turns out to have started after all.
 */
@Injectable()
export class RunLauncher {
  private readonly logger = new Logger(RunLauncher.name);

  constructor(
    private readonly admission: RunAdmissionService,
    private readonly runs: RunsService,
    private readonly workflows: RunWorkflows,
    private readonly entitlements: EntitlementsPort,
  ) {}

  async launch(principal: Principal, idempotencyKey: string | null): Promise<Launch> {
    const admission = await this.admission.admit({ orgId: principal.orgId, userId: principal.userId }, idempotencyKey);
    if (admission.outcome === 'limit_reached') {
      return { ...admission, upgrade: await this.entitlements.upgradeForRuns(principal.orgId) };
    }
    const { run } = admission;
    const replayed = admission.outcome === 'replayed';
    // A replay of a run still 'admitted' may come after its first request died before starting it.
    if (run.status !== 'admitted') return { outcome: 'started', run, replayed };
    try {
      await this.workflows.start({ runId: run.id, orgId: run.org_id, userId: run.user_id });
      return { outcome: 'started', run, replayed };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Run ${run.id} could not be started, giving its slot back: ${reason}`);
      const now = await this.runs.giveBack(run.id, NOT_STARTED);
      return now.status === 'failed_to_start' ? { outcome: 'not_started', run: now } : { outcome: 'started', run: now, replayed };
    }
  }
}
