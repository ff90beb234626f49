import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { ProofState } from '@apex/contracts';
import { proofStateQueryName, proofWorkflowId, proofWorkflowName } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';
import { workflowBundleOptions } from '@apex/temporal';
import { createMigratedDataSource, createTimeSkippingEnv, workspaceRoot } from '@apex/testing';
import { brokenLink } from './chain/hash-chain';
import { verifySignedReport } from './signing/verify-report';
import { costRows, DayRow, organisation, proofServices, ProofServices, recommendation } from './testing/proof-fixtures';

/*
 * proof-<recommendationId> on the time-skipping test server with a real worker running the real activities over a
 * migrated PostgreSQL and the bundled price book: half of gpt-4o's traffic moves to gpt-4o-mini the day the change is
 * implemented (yesterday, by the server's clock), and the 14-day reporting period passes in skipped time.
 */
describe('proofWorkflow over the real activities and PostgreSQL', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let code: string;
  let services: ProofServices;

  beforeAll(async () => {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    [env, db, { code }] = await Promise.all([createTimeSkippingEnv(), createMigratedDataSource(), bundleWorkflowCode({ workflowsPath, webpackConfigHook })]);
    services = await proofServices(db.dataSource);
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });

  it('measures the reporting period day by day, ends verified with a signed report that verifies, and catches a tampered one', async () => {
    const implementedOn = addDays(new Date(await env.currentTimeMs()).toISOString().slice(0, 10), -1);
    const day = (offset: number) => addDays(implementedOn, offset);
    // Baseline: 30 days of 4M input + 1M output tokens of gpt-4o, 20 USD at list, paid 18 ± 0.2 (residuals cancel in pairs).
    const baseline: DayRow[] = Array.from({ length: 30 }, (_, i) => ({ day: day(i - 30), model: 'gpt-4o', input: 4_000_000, output: 1_000_000, cost: i % 2 ? '17.8' : '18.2' }));
    // Reporting: half on gpt-4o (9 at k = 0.9, ± 0.1) and half on gpt-4o-mini (0.54).
    const reporting: DayRow[] = Array.from({ length: 14 }, (_, i) => [
      { day: day(i), model: 'gpt-4o', input: 2_000_000, output: 500_000, cost: i % 2 ? '8.9' : '9.1' },
      { day: day(i), model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.54' },
    ]).flat();
    const org = await organisation(db.dataSource, 'Workflow Ltd');
    await costRows(db.dataSource, org.orgId, [...baseline, ...reporting]);
    const id = await recommendation(db.dataSource, org, 'model_substitution', { key: 'gpt-4o-mini', createdOn: day(-5) });
    const opened = await services.proofs.implement(org.orgId, org.userId, id, implementedOn);
    if (opened.outcome !== 'proving') throw new Error(`not opened: ${opened.outcome}`);

    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'proofs', activities: services.activities.activities(), workflowBundle: { code } });
    const { verdict, state } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(proofWorkflowName, { args: [opened.input], workflowId: proofWorkflowId(id), taskQueue: 'proofs' });
      return { verdict: await handle.result(), state: await handle.query<ProofState>(proofStateQueryName) };
    });

    // 14 × 18 = 252 adjusted baseline; 14 × 9.54 = 133.56 actual (the ± 0.1 cancel); savings 118.44.
    const savings = Decimal.of(18).minus('9.54').times(14);
    expect(verdict).toBe('verified');
    expect(state).toEqual({
      status: 'finished',
      interim: { days: 14, actual: '133.56', adjustedBaseline: '252', savings: savings.toString() },
      reportingEndsOn: day(13),
      verdict: 'verified',
    });
    const proof = (await services.proofs.find(org.orgId, opened.proof.id))!;
    expect(proof).toMatchObject({ status: 'finished', verdict: 'verified', savings: savings.toString(), finishedAt: expect.any(String) });
    const signed = proof.signed!;
    expect(signed.report).toMatchObject({ verdict: 'verified', savings: savings.toString(), reporting: { from: implementedOn, to: day(13), days: 14 } });
    expect(verifySignedReport(signed, services.signer.publicKey())).toEqual({ valid: true, problem: null });
    const tampered = { ...signed, report: { ...signed.report, verdict: 'verified' as const, savings: '9999' } };
    expect(verifySignedReport(tampered, services.signer.publicKey())).toEqual({ valid: false, problem: 'altered' });

    const chain = await services.events.chain(proof.id);
    expect(chain.map((e) => e.kind)).toEqual(['implementation_confirmed', 'baseline_captured', ...Array(14).fill('daily_reading'), 'verdict']);
    expect(chain.filter((e) => e.kind === 'daily_reading').map((e) => (e.payload as { asOf: string }).asOf)).toEqual(Array.from({ length: 14 }, (_, i) => day(i + 1)));
    expect(brokenLink(chain)).toBeNull();
  });
});
