/**
 * Records a workflow history for the replay test (workflows/src/replay.spec.ts): runs one scenario on the
 * time-skipping test server with activities that answer as the real ones would, and writes the history as
 * its protobuf encoding (`temporal.api.history.v1.History`).
 * Record a new history whenever a workflow changes shape on purpose (behind `patched`), and keep the old ones: a
 * history is what a workflow in flight at the change has already done.
 *
 *   node -r @swc-node/register tools/workflow-history/record.ts proof workflows/src/histories/proof-<date>.history.bin
 *   node -r @swc-node/register tools/workflow-history/record.ts supervisor-run workflows/src/histories/supervisor-run-<date>.history.bin
 *   … [--workflows <entry.ts>]   records with another workflows entry (an earlier version of the code)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ProofActivities, ProofInput, SandboxActivities, SupervisorRunActivities, SupervisorRunInput } from '@apex/contracts';
import {
  endReportingPeriodSignalName,
  proofWorkflowId,
  proofWorkflowName,
  runWorkflowId,
  sandboxWorkflowId,
  sandboxWorkflowName,
  supervisorRunWorkflowName,
} from '@apex/contracts';
import { addDays } from '@apex/domain';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv } from '@apex/testing';

const workspaceRoot = resolve(__dirname, '../..');
const DAY_MS = 86_400_000;
const TASK_QUEUE = 'history-recording';

interface Scenario {
  activities: object;
  run(env: TestWorkflowEnvironment): Promise<string>;
}

function proofScenario(): Scenario {
  let input: ProofInput;
  const activities: ProofActivities = {
    captureBaselineMetrics: async () => ({ sufficient: true, reportingEndsOn: addDays(input.implementedOn, input.reportingDays - 1) }),
    recordDailyReading: async () => ({ days: 1, actual: '90', adjustedBaseline: '100', savings: '10' }),
    calculateImprovements: async () => ({ verdict: 'inconclusive' }),
    generateProofReport: async () => ({ sha256: 'ab'.repeat(32) }),
    failProof: async () => undefined,
  };
  return {
    activities,
    async run(env) {
      const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
      input = { proofId: 'proof-recorded', orgId: 'org-recorded', recommendationId: 'rec-recorded', implementedOn: addDays(today, -1), reportingDays: 14 };
      const handle = await env.client.workflow.start(proofWorkflowName, { args: [input], workflowId: proofWorkflowId(input.recommendationId), taskQueue: TASK_QUEUE });
      // Three daily readings, then the owner ends the period early.
      await env.sleep(2 * DAY_MS);
      await handle.signal(endReportingPeriodSignalName);
      await handle.result();
      return handle.workflowId;
    },
  };
}

function supervisorRunScenario(): Scenario {
  const input: SupervisorRunInput = { runId: 'run-recorded', orgId: 'org-recorded', userId: 'user-recorded' };
  const activities: SupervisorRunActivities = {
    markRunRunning: async () => 'running',
    runDataAgent: async () => ({ hasData: true }),
    runOptimizationAgent: async (_runId, agent) => ({ findings: agent === 'prompt_caching' ? 2 : 0 }),
    runReportingAgent: async () => ({ tokensUsed: 412, costSaved: '0' }),
    finishRun: async () => undefined,
    recordRunUsage: async () => undefined,
  };
  return {
    activities,
    async run(env) {
      const handle = await env.client.workflow.start(supervisorRunWorkflowName, { args: [input], workflowId: runWorkflowId(input.runId), taskQueue: TASK_QUEUE });
      await handle.result();
      return handle.workflowId;
    },
  };
}

function sandboxScenario(): Scenario {
  const activities: SandboxActivities = { deleteExpiredSandbox: async () => 'deleted' };
  return {
    activities,
    async run(env) {
      const expiresAt = new Date((await env.currentTimeMs()) + DAY_MS).toISOString();
      const handle = await env.client.workflow.start(sandboxWorkflowName, { args: [{ sandboxId: 'sandbox-recorded', expiresAt }], workflowId: sandboxWorkflowId('sandbox-recorded'), taskQueue: TASK_QUEUE });
      await handle.result();
      return handle.workflowId;
    },
  };
}

const SCENARIOS: Record<string, () => Scenario> = { proof: proofScenario, 'supervisor-run': supervisorRunScenario, sandbox: sandboxScenario };

async function main() {
  const [name, out] = process.argv.slice(2);
  const entryFlag = process.argv.indexOf('--workflows');
  const scenario = SCENARIOS[name]?.();
  if (!scenario || !out) throw new Error(`usage: record.ts <${Object.keys(SCENARIOS).join('|')}> <out.history.bin> [--workflows <entry.ts>]`);
  const bundle = workflowBundleOptions(workspaceRoot);
  const workflowsPath = entryFlag > 0 ? resolve(process.argv[entryFlag + 1]) : bundle.workflowsPath;
  const env = await createTimeSkippingEnv();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      activities: scenario.activities,
      workflowsPath,
      bundlerOptions: { webpackConfigHook: bundle.webpackConfigHook },
    });
    const workflowId = await worker.runUntil(scenario.run(env));
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    writeFileSync(resolve(out), temporal.api.history.v1.History.encode(history).finish());
    console.log(`${name}: ${history.events?.length ?? 0} events → ${out}`);
  } finally {
    await env.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
