import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { OptimizationAgentName, RunEnding, RunProgress, RunStatus, SupervisorRunActivities, SupervisorRunInput, SupervisorRunOutcome } from '@apex/contracts';
import { OPTIMIZER_AGENTS, runProgressQueryName, runWorkflowId, supervisorRunWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const input: SupervisorRunInput = {
  runId: '3f0c2a52-8f6f-4d7e-9a4c-5d2b1e0f9a11',
  orgId: '5b7e1c3d-0a2f-4e6b-8c9d-1f2e3a4b5c6d',
  userId: '9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
};

/**
 * Stub activities that keep the run's status the way the real ones keep the database; `report` stands for the
 * reporting agent, the agents before it record that they ran.
 */
function stubRun(initial: RunStatus, report: (runId: string) => Promise<SupervisorRunOutcome>, hasData = true) {
  const run = { status: initial, ending: null as RunEnding | null, usageRecorded: 0, attempts: 0, agents: [] as string[] };
  const activities: SupervisorRunActivities = {
    markRunRunning: async () => {
      if (run.status === 'admitted') run.status = 'running';
      return run.status;
    },
    runDataAgent: async () => {
      run.agents.push('data');
      return { hasData };
    },
    runOptimizationAgent: async (_runId, agent: OptimizationAgentName) => {
      run.agents.push(agent);
      return { findings: agent === 'prompt_caching' ? 2 : 0 };
    },
    runReportingAgent: async (runId) => {
      run.attempts += 1;
      run.agents.push('reporting');
      return report(runId);
    },
    finishRun: async (_runId, ending) => {
      if (run.status !== 'admitted' && run.status !== 'running') return;
      run.status = ending.status;
      run.ending = ending;
    },
    recordRunUsage: async () => void (run.usageRecorded += 1),
  };
  return { run, activities };
}

describe('supervisorRunWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function withWorker<T>(activities: SupervisorRunActivities, taskQueue: string, body: () => Promise<T>): Promise<T> {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities,
      workflowsPath,
      bundlerOptions: { webpackConfigHook },
    });
    return worker.runUntil(body());
  }

  const start = (taskQueue: string) =>
    env.client.workflow.start(supervisorRunWorkflowName, { args: [input], workflowId: `${runWorkflowId(input.runId)}-${taskQueue}`, taskQueue });

  it('runs every agent in order, records the outcome, reports usage once and answers its progress', async () => {
    const { run, activities } = stubRun('admitted', async () => ({ tokensUsed: 412, costSaved: '0' }));
    const { result, progress } = await withWorker(activities, 'run-happy', async () => {
      const handle = await start('run-happy');
      const status = await handle.result();
      return { result: status, progress: await handle.query<RunProgress>(runProgressQueryName) };
    });
    expect(result).toBe('succeeded');
    expect(run).toEqual({
      status: 'succeeded',
      ending: { status: 'succeeded', outcome: { tokensUsed: 412, costSaved: '0' } },
      usageRecorded: 1,
      attempts: 1,
      agents: [...OPTIMIZER_AGENTS],
    });
    expect(progress).toEqual({ agent: null, completed: [...OPTIMIZER_AGENTS], planned: [...OPTIMIZER_AGENTS], findings: 2, state: 'finished' });
  });

  it('goes from the data agent straight to the report when there is no data', async () => {
    const { run, activities } = stubRun('admitted', async () => ({ tokensUsed: 0, costSaved: '0' }), false);
    const { result, progress } = await withWorker(activities, 'run-no-data', async () => {
      const handle = await start('run-no-data');
      return { result: await handle.result(), progress: await handle.query<RunProgress>(runProgressQueryName) };
    });
    expect(result).toBe('succeeded');
    expect(run.agents).toEqual(['data', 'reporting']);
    expect(progress).toMatchObject({ planned: ['data', 'reporting'], completed: ['data', 'reporting'], state: 'finished' });
  });

  it('ends a run whose work keeps failing as failed, with the reason, after its retries', async () => {
    const { run, activities } = stubRun('admitted', async () => {
      throw new Error('the supervisor could not reach the model provider');
    });
    const result = await withWorker(activities, 'run-failing', async () => (await start('run-failing')).result());
    expect(result).toBe('failed');
    expect(run).toMatchObject({
      status: 'failed',
      ending: { status: 'failed', failure: 'the supervisor could not reach the model provider' },
      usageRecorded: 1,
      attempts: 3,
    });
  });

  it('ends a cancelled run as cancelled and still reports the slot it used', async () => {
    let working!: () => void;
    const started = new Promise<void>((resolve) => (working = resolve));
    const { run, activities } = stubRun('admitted', async () => {
      working();
      // Real work heartbeats; a heartbeat is how an activity learns of the cancellation.
      for (;;) {
        Context.current().heartbeat();
        await Context.current().sleep(100);
      }
    });
    const failure = await withWorker(activities, 'run-cancelled', async () => {
      const handle = await start('run-cancelled');
      await started;
      await handle.cancel();
      return handle.result().then(
        () => null,
        (error: unknown) => error,
      );
    });
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(run).toMatchObject({ status: 'cancelled', ending: { status: 'cancelled' }, usageRecorded: 1 });
  });

  it('does nothing for a run whose slot was given back before its workflow got to it', async () => {
    const { run, activities } = stubRun('failed_to_start', async () => ({ tokensUsed: 0, costSaved: '0' }));
    const result = await withWorker(activities, 'run-given-back', async () => (await start('run-given-back')).result());
    expect(result).toBe('failed_to_start');
    expect(run).toEqual({ status: 'failed_to_start', ending: null, usageRecorded: 0, attempts: 0, agents: [] });
  });
});
