import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReconciliationReport, UsageReconciliationActivities } from '@apex/contracts';

const { findEventsWithoutEntries, findUnbalancedEvents, findBalanceMismatches, recordDrift } =
  proxyActivities<UsageReconciliationActivities>({
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
  });

/**
 * Checks that every usage event posted ledger entries, that each event's
 * entries balance per unit and that each organisation's balances equal what
 * its events say; records whatever drift it finds under this run's id.
 */
export async function usageReconciliationWorkflow(): Promise<ReconciliationReport> {
  const checkId = workflowInfo().workflowId;
  const [missing, unbalanced, mismatched] = await Promise.all([
    findEventsWithoutEntries(),
    findUnbalancedEvents(),
    findBalanceMismatches(),
  ]);
  const findings = [...missing, ...unbalanced, ...mismatched];
  if (findings.length > 0) await recordDrift(checkId, findings);
  return { checkId, findings };
}
