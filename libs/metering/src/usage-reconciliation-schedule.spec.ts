import { Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import type { ReconciliationReport } from '@apex/contracts';
import { usageReconciliationScheduleId } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { freePort } from '@apex/devstack';
import { workflowBundleOptions } from '@apex/temporal';
import { createLocalEnv, createMigratedDataSource, waitFor, workspaceRoot } from '@apex/testing';
import { UsageReconciliationActivitiesService } from './usage-reconciliation-activities';
import { ensureUsageReconciliationSchedule, scheduleUsageReconciliation } from './usage-reconciliation-schedule';
import { UsageReconciliationService } from './usage-reconciliation.service';

const configFor = (temporalAddress: string, env: Record<string, string> = {}) =>
  AppConfig.fromEnv({
    DATABASE_URL: 'postgres://apex:apex@localhost:5432/apex',
    TEMPORAL_ADDRESS: temporalAddress,
    SMTP_URL: 'smtp://localhost:1025',
    JWT_SECRET: 'x'.repeat(32),
    TEMPORAL_TASK_QUEUE: 'schedule-test',
    ...env,
  });

describe('The usage-reconciliation Schedule on a real Temporal server', () => {
  let env: TestWorkflowEnvironment;
  let client: Client;
  let config: AppConfig;

  beforeAll(async () => {
    env = await createLocalEnv();
    client = env.client;
    config = configFor(env.connection.options.address as string);
  });
  afterAll(() => env?.teardown());

  const describeSchedule = () => client.schedule.getHandle(usageReconciliationScheduleId).describe();

  it('is created once, hourly, and every later start only brings it in line with the configuration', async () => {
    expect(await ensureUsageReconciliationSchedule(client, config)).toBe('created');
    expect(await ensureUsageReconciliationSchedule(client, config)).toBe('updated');
    let schedule = await describeSchedule();
    expect(schedule.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'usageReconciliationWorkflow', taskQueue: 'schedule-test' });

    expect(await ensureUsageReconciliationSchedule(client, configFor(config.temporal.address, { USAGE_RECONCILIATION_EVERY: '30m' }))).toBe('updated');
    schedule = await describeSchedule();
    expect(schedule.spec.intervals).toMatchObject([{ every: 1_800_000 }]);

    const ids: string[] = [];
    for await (const listed of client.schedule.list()) ids.push(listed.scheduleId);
    expect(ids.filter((id) => id === usageReconciliationScheduleId)).toHaveLength(1);
  });

  it('starts a reconciliation that the worker runs against the database', async () => {
    const db: { dataSource: DataSource; close(): Promise<void> } = await createMigratedDataSource();
    try {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'schedule-test',
        workflowBundle: await bundleWorkflowCode(workflowBundleOptions(workspaceRoot)),
        activities: new UsageReconciliationActivitiesService(new UsageReconciliationService(db.dataSource)).activities(),
      });
      const report = await worker.runUntil(async () => {
        await client.schedule.getHandle(usageReconciliationScheduleId).trigger();
        const schedule = await waitFor(describeSchedule, (s) => s.info.recentActions.length > 0, { what: 'a scheduled action' });
        const { workflowId } = schedule.info.recentActions[0].action.workflow;
        expect(workflowId).toMatch(/^usage-reconciliation-/);
        return client.workflow.getHandle(workflowId).result() as Promise<ReconciliationReport>;
      });
      expect(report.findings).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('lets the worker start when Temporal cannot be reached, logging why there is no schedule', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await expect(scheduleUsageReconciliation(configFor(`127.0.0.1:${await freePort()}`), '1 second')).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`Could not create ${usageReconciliationScheduleId}`));
    } finally {
      errors.mockRestore();
    }
  });
});
