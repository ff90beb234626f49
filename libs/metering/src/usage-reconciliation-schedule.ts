import { Logger } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { usageReconciliationScheduleId, usageReconciliationWorkflowId, usageReconciliationWorkflowName } from '@apex/contracts';
import { AppConfig } from '@apex/config';

export type ScheduleOutcome = 'created' | 'updated';

function scheduleOptions(config: AppConfig): ScheduleOptions {
  return {
    scheduleId: usageReconciliationScheduleId,
    spec: { intervals: [{ every: config.metering.reconciliationEvery as Duration }] },
    action: {
      type: 'startWorkflow',
      workflowType: usageReconciliationWorkflowName,
      workflowId: usageReconciliationWorkflowId,
      taskQueue: config.temporal.taskQueue,
      args: [],
    },
    // One check at a time; a check missed while Temporal was down is not worth running late.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
  };
}

/**
 * Creates the Schedule that runs `usage-reconciliation` (hourly unless
 * USAGE_RECONCILIATION_EVERY says otherwise). When it exists already, as on
 * every start after the first, its interval and action are brought in line
 * with this deployment's configuration.
 */
export async function ensureUsageReconciliationSchedule(client: Client, config: AppConfig): Promise<ScheduleOutcome> {
  const options = scheduleOptions(config);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(usageReconciliationScheduleId).update((current) => ({
    ...current,
    spec: options.spec,
    action: options.action,
    policies: { ...current.policies, ...options.policies },
  }));
  return 'updated';
}

/** Called once as the worker starts. A failure is logged, not fatal: customers' workflows matter more. */
export async function scheduleUsageReconciliation(config: AppConfig, connectTimeout: Duration = '10 seconds'): Promise<void> {
  const logger = new Logger('UsageReconciliationSchedule');
  try {
    const connection = await Connection.connect({ address: config.temporal.address, connectTimeout });
    try {
      const outcome = await ensureUsageReconciliationSchedule(new Client({ connection, namespace: config.temporal.namespace }), config);
      logger.log(`${usageReconciliationScheduleId} ${outcome}: every ${config.metering.reconciliationEvery}`);
    } finally {
      await connection.close();
    }
  } catch (error) {
    logger.error(`Could not create ${usageReconciliationScheduleId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
