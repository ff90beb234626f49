import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ProofActivities, ProofInput, ProofState, ProofVerdict } from '@apex/contracts';
import { endReportingPeriodSignalName, proofStateQueryName, proofWorkflowId, proofWorkflowName } from '@apex/contracts';
import { addDays, dayNumber } from '@apex/domain';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const DAY_MS = 86_400_000;

/** Stub activities that keep the proof the way the real ones keep the database, and note what they were asked. */
function stubProof(input: ProofInput, options: { sufficient?: boolean; verdict?: ProofVerdict; calculate?: () => Promise<void> } = {}) {
  const proof = { readings: [] as string[], calculated: 0, reported: 0, failure: null as string | null };
  const reportingEndsOn = addDays(input.implementedOn, input.reportingDays - 1);
  const activities: ProofActivities = {
    captureBaselineMetrics: async () => ({ sufficient: options.sufficient ?? true, reportingEndsOn }),
    recordDailyReading: async (_proofId, asOf) => {
      proof.readings.push(asOf);
      // A day saves 10 against an adjusted baseline of 100.
      const days = dayNumber(asOf) - dayNumber(input.implementedOn);
      return { days, actual: String(90 * days), adjustedBaseline: String(100 * days), savings: String(10 * days) };
    },
    calculateImprovements: async () => {
      proof.calculated += 1;
      await options.calculate?.();
      return { verdict: options.verdict ?? 'verified' };
    },
    generateProofReport: async () => {
      proof.reported += 1;
      return { sha256: 'ab'.repeat(32) };
    },
    failProof: async (_proofId, reason) => void (proof.failure = reason),
  };
  return { proof, activities, reportingEndsOn };
}

describe('proofWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  /** Implemented yesterday (server time), with the default 14-day reporting period. */
  async function inputFor(name: string): Promise<ProofInput> {
    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    return { proofId: `proof-of-${name}`, orgId: 'org-1', recommendationId: `rec-${name}`, implementedOn: addDays(today, -1), reportingDays: 14 };
  }

  async function withWorker<T>(activities: ProofActivities, taskQueue: string, body: () => Promise<T>): Promise<T> {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowsPath, bundlerOptions: { webpackConfigHook } });
    return worker.runUntil(body());
  }

  const start = (input: ProofInput, taskQueue: string) =>
    env.client.workflow.start(proofWorkflowName, { args: [input], workflowId: proofWorkflowId(input.recommendationId), taskQueue });

  it('reads every day of the 14-day reporting period in skipped time, then calculates and signs once', async () => {
    const input = await inputFor('full');
    const { proof, activities, reportingEndsOn } = stubProof(input);
    const before = await env.currentTimeMs();
    const { verdict, state } = await withWorker(activities, 'proof-full', async () => {
      const handle = await start(input, 'proof-full');
      return { verdict: await handle.result(), state: await handle.query<ProofState>(proofStateQueryName) };
    });
    expect(verdict).toBe('verified');
    // As of each day from the day after the implementation to the day after the period ends: 14 days.
    expect(proof.readings).toEqual(Array.from({ length: 14 }, (_, i) => addDays(input.implementedOn, i + 1)));
    expect(proof).toMatchObject({ calculated: 1, reported: 1, failure: null });
    expect(state).toEqual({ status: 'finished', interim: { days: 14, actual: '1260', adjustedBaseline: '1400', savings: '140' }, reportingEndsOn, verdict: 'verified' });
    // Thirteen days passed on the server, in a moment of the test's.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(12 * DAY_MS);
  });

  it('answers the interim reading while it measures, and ends early when signalled', async () => {
    const input = await inputFor('early');
    const { proof, activities, reportingEndsOn } = stubProof(input, { verdict: 'inconclusive' });
    const { during, verdict, after } = await withWorker(activities, 'proof-early', async () => {
      const handle = await start(input, 'proof-early');
      await env.sleep(3 * DAY_MS);
      const during = await handle.query<ProofState>(proofStateQueryName);
      await handle.signal(endReportingPeriodSignalName);
      return { during, verdict: await handle.result(), after: await handle.query<ProofState>(proofStateQueryName) };
    });
    // Read as of the day it started and the three midnights since: four days measured, not verified yet.
    expect(during).toEqual({ status: 'measuring', interim: { days: 4, actual: '360', adjustedBaseline: '400', savings: '40' }, reportingEndsOn, verdict: null });
    expect(verdict).toBe('inconclusive');
    expect(proof.readings).toHaveLength(4);
    expect(proof).toMatchObject({ calculated: 1, reported: 1 });
    expect(after).toMatchObject({ status: 'finished', verdict: 'inconclusive' });
  });

  it('goes from an insufficient baseline straight to its report, reading nothing', async () => {
    const input = await inputFor('short');
    const { proof, activities } = stubProof(input, { sufficient: false, verdict: 'insufficient_baseline' });
    const verdict = await withWorker(activities, 'proof-short', async () => (await start(input, 'proof-short')).result());
    expect(verdict).toBe('insufficient_baseline');
    expect(proof).toEqual({ readings: [], calculated: 1, reported: 1, failure: null });
  });

  it('marks the proof failed, with the reason, when its measurement cannot be made', async () => {
    const input = await inputFor('failing');
    const { proof, activities } = stubProof(input, {
      sufficient: false,
      calculate: async () => {
        throw ApplicationFailure.nonRetryable('cached input tokens were used but have no price', 'ProofUnmeasurable');
      },
    });
    const verdict = await withWorker(activities, 'proof-failing', async () => (await start(input, 'proof-failing')).result());
    expect(verdict).toBe('failed');
    expect(proof).toMatchObject({ calculated: 1, reported: 0, failure: 'cached input tokens were used but have no price' });
  });
});
