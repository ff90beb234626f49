import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Client as Pg } from 'pg';
import { OptimizerActivitiesService } from '@apex/optimizer';
import { SupervisorRunActivitiesService } from '@apex/runs';
import { SandboxActivitiesService } from '@apex/sandbox';
import { workflowBundleOptions } from '@apex/temporal';
import { createLocalEnv, createTestDatabase, workspaceRoot } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../../testing/api-under-test';

export interface SandboxStack {
  api: ApiUnderTest;
  pg: Pg;
  temporal: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * The API on a database of its own and a Temporal dev server, with a worker running the sandbox's workflows and the
 * supervisor run's activities; uploads up to 64 KB, `ratePerHour` sandboxes an hour from one address.
 */
export async function startSandboxStack(ratePerHour: number): Promise<SandboxStack> {
  const [database, temporal, bundle] = await Promise.all([createTestDatabase(), createLocalEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  const api = await startApiUnderTest({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.connection.options.address as string,
    SANDBOX_MAX_UPLOAD_SIZE: '64kb',
    SANDBOX_RATE_LIMIT_PER_HOUR: String(ratePerHour),
  });
  const pg = new Pg({ connectionString: database.url });
  await pg.connect();
  const worker = await Worker.create({
    connection: temporal.nativeConnection,
    taskQueue: 'apex-main',
    workflowBundle: bundle,
    activities: {
      ...api.app.get(SupervisorRunActivitiesService).activities(),
      ...api.app.get(OptimizerActivitiesService).activities(),
      ...api.app.get(SandboxActivitiesService).activities(),
    },
  });
  const working = worker.run();
  return {
    api,
    pg,
    temporal,
    async stop() {
      worker.shutdown();
      await working;
      await pg.end();
      await api.close();
      await temporal.teardown();
      await database.drop();
    },
  };
}
