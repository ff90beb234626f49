import { Injectable } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOptions, ScheduleOverlapPolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { CostSyncInput } from '@apex/contracts';
import { costSyncScheduleId, costSyncWorkflowId, costSyncWorkflowName } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { temporalCall } from './temporal-call';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `6h`, `1d` (the forms COST_SYNC_EVERY accepts) in milliseconds. */
export function intervalMs(every: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(every);
  if (!match) throw new Error(`Not an interval: ${every}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** Spreads the connections' syncs over the interval, each at a fixed point of it, so they do not all start at once. */
function offsetMs(connectionId: string, every: number): number {
  let hash = 0;
  for (const char of connectionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const minutes = Math.max(1, Math.floor(every / 60_000));
  return (hash % minutes) * 60_000;
}

export type ScheduleOutcome = 'created' | 'updated';

/** The Temporal Schedule `cost-sync-<connectionId>` of each connection. */
@Injectable()
export class CostSyncSchedules {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  options(input: CostSyncInput): ScheduleOptions {
    const every = intervalMs(this.config.costs.syncEvery);
    return {
      scheduleId: costSyncScheduleId(input.connectionId),
      spec: { intervals: [{ every: this.config.costs.syncEvery as Duration, offset: offsetMs(input.connectionId, every) }] },
      action: {
        type: 'startWorkflow',
        workflowType: costSyncWorkflowName,
        workflowId: costSyncWorkflowId(input.connectionId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      },
      // One sync of a connection at a time; syncs missed while Temporal was down collapse into one.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    };
  }

  /** Creates the connection's Schedule, or brings an existing one in line with the configuration. */
  async ensure(input: CostSyncInput): Promise<ScheduleOutcome> {
    const options = this.options(input);
    try {
      await temporalCall(this.temporal, () => this.temporal.schedule.create(options));
      return 'created';
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    await temporalCall(this.temporal, () =>
      this.temporal.schedule.getHandle(options.scheduleId).update((current) => ({
        ...current,
        spec: options.spec,
        action: options.action,
        policies: { ...current.policies, ...options.policies },
      })),
    );
    return 'updated';
  }

  /** Starts a sync now, unless one is running. */
  async trigger(connectionId: string): Promise<void> {
    await temporalCall(this.temporal, () => this.temporal.schedule.getHandle(costSyncScheduleId(connectionId)).trigger());
  }

  /** Cancels the syncs the Schedule has running, then deletes it; 'absent' when there was none. */
  async remove(connectionId: string): Promise<'removed' | 'absent'> {
    const handle = this.temporal.schedule.getHandle(costSyncScheduleId(connectionId));
    try {
      const schedule = await temporalCall(this.temporal, () => handle.describe());
      await temporalCall(this.temporal, () => handle.delete());
      for (const running of schedule.info.runningActions) {
        await temporalCall(this.temporal, () => this.temporal.workflow.getHandle(running.workflow.workflowId).cancel()).catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
      }
      return 'removed';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'absent';
      throw error;
    }
  }
}
