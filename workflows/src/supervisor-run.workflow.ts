import { ActivityFailure, ApplicationFailure, CancellationScope, defineQuery, isCancellation, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { OptimizationAgentName, OptimizerActivities, RunBookkeepingActivities, RunEnding, RunProgress, RunStatus, SupervisorRunInput } from '@apex/contracts';
import { OPTIMIZER_AGENTS, runProgressQueryName } from '@apex/contracts';

const bookkeeping = proxyActivities<RunBookkeepingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const agents = proxyActivities<OptimizerActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export const runProgress = defineQuery<RunProgress>(runProgressQueryName);

const OPTIMIZATION_AGENTS = OPTIMIZER_AGENTS.filter((agent): agent is OptimizationAgentName => agent !== 'data' && agent !== 'reporting');

/** Agents added after runs were already in flight: a run whose history predates one replays without it. */
const ADDED_AGENTS: Partial<Record<OptimizationAgentName, string>> = { cloud: 'cloud-agent' };

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * One admitted run: claims it (a run whose start was given up on stays given up), has the data agent profile the
 * organisation's cost rows, each optimization agent price its opportunities and the reporting agent file them,
 * records how it ended and reports its usage once. The portal asks `runProgress` which agent is working.
 */
export async function supervisorRunWorkflow(input: SupervisorRunInput): Promise<RunStatus> {
  const progress: RunProgress = { agent: null, completed: [], planned: [...OPTIMIZER_AGENTS], findings: 0, state: 'starting' };
  setHandler(runProgress, () => progress);

  let ending: RunEnding;
  try {
    const status = await bookkeeping.markRunRunning(input.runId);
    if (status !== 'running') return status;
    progress.state = 'working';
    progress.agent = 'data';
    const { hasData } = await agents.runDataAgent(input.runId);
    progress.completed.push('data');
    if (!hasData) progress.planned = ['data', 'reporting'];
    for (const agent of hasData ? OPTIMIZATION_AGENTS : []) {
      const patch = ADDED_AGENTS[agent];
      if (patch !== undefined && !patched(patch)) {
        progress.planned = progress.planned.filter((planned) => planned !== agent);
        continue;
      }
      progress.agent = agent;
      const { findings } = await agents.runOptimizationAgent(input.runId, agent);
      progress.findings += findings;
      progress.completed.push(agent);
    }
    progress.agent = 'reporting';
    const outcome = await agents.runReportingAgent(input.runId);
    progress.completed.push('reporting');
    progress.agent = null;
    ending = { status: 'succeeded', outcome };
  } catch (error) {
    progress.agent = null;
    if (isCancellation(error)) {
      progress.state = 'cancelled';
      await CancellationScope.nonCancellable(async () => {
        await bookkeeping.finishRun(input.runId, { status: 'cancelled' });
        await bookkeeping.recordRunUsage(input.runId);
      });
      throw error;
    }
    ending = { status: 'failed', failure: failureMessage(error) };
  }
  progress.state = ending.status === 'succeeded' ? 'finished' : 'failed';
  await CancellationScope.nonCancellable(async () => {
    await bookkeeping.finishRun(input.runId, ending);
    await bookkeeping.recordRunUsage(input.runId);
  });
  return ending.status;
}
