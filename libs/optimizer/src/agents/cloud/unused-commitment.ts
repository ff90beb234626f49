import { Decimal, monthly } from '@apex/domain';
import { money } from '../llm/llm-agent';
import type { DayWindow } from '../agent-context';
import type { ServiceSpend } from './service-spend';
import { cloudDocUrl, CloudFindingSpec, serviceName, wholePercent } from './cloud-finding';

/** One commitment's unused part over the window (a row of UNUSED_COMMITMENTS_SQL, read). */
export interface UnusedCommitment {
  commitment: string | null;
  commitmentType: string | null;
  rowCount: number;
  amount: Decimal;
}

/** How many commitments a finding names in its steps; the rest are counted. */
const NAMED = 5;

/**
 * A service's unused commitments: the EffectiveCost of its rows with CommitmentDiscountStatus 'Unused' is money
 * paid for capacity nothing used (U). Moving on-demand usage of the same service onto it saves what that usage costs
 * on demand, up to U (D is the service's on-demand spend): expected min(U, D). High is U, the whole of it recovered
 * (filled, exchanged or returned); low nothing, a commitment that can be neither filled nor exchanged saving nothing
 * until its term ends. Null when nothing is unused.
 */
export function unusedCommitmentSpec(spend: ServiceSpend, commitments: UnusedCommitment[], window: DayWindow): Omit<CloudFindingSpec, 'spend'> | null {
  const unused = spend.unused.effectiveCost;
  if (!unused.isPositive()) return null;
  const { currency, provider } = spend;
  const service = serviceName(spend.service);
  const fill = Decimal.min(unused, spend.onDemand.effectiveCost.clampToZero());
  const perMonth = (amount: Decimal) => money(monthly(amount, window.days, 2), currency);
  const named = commitments.slice(0, NAMED).map((c) => `${c.commitment ?? '(no CommitmentDiscountId)'}${c.commitmentType ? ` (${c.commitmentType})` : ''}: ${perMonth(c.amount)} a month unused`);
  const more = commitments.length - named.length;
  return {
    kind: 'unused_commitment',
    resource: null,
    title: `${perMonth(unused)} a month of ${service} commitments goes unused`,
    steps: [
      `Find the commitments with unused capacity in your ${provider} console: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
      fill.isPositive()
        ? `Move on-demand usage of ${service} onto them: ${perMonth(spend.onDemand.effectiveCost)} a month of it runs on demand, and each dollar of it moved is a dollar not paid twice.`
        : `Nothing of ${service} runs on demand to fill them: check whether usage moved to another size, region or service they could cover.`,
      'Where nothing can use them, exchange or return them where the provider allows it, and do not renew them at this size.',
    ],
    docUrl: cloudDocUrl(provider, 'unused_commitment'),
    savings: { low: Decimal.ZERO, expected: fill, high: unused, days: window.days },
    scenarios: [
      { sharePercent: wholePercent(fill, unused), saving: fill },
      { sharePercent: 100, saving: unused },
    ].filter((s, i, all) => all.findIndex((o) => o.sharePercent === s.sharePercent) === i),
    assumptions: [
      `Unused: rows with CommitmentDiscountStatus 'Unused', ${spend.unused.rowCount} of them costing ${money(unused, currency)} over the last ${window.days} days: paid for capacity that nothing used.`,
      `Expected assumes the on-demand usage of ${service} (${money(spend.onDemand.effectiveCost, currency)} over the same days) fits these commitments, up to what they leave unused; high that all of it is recovered; low that none is until the term ends.`,
    ],
    effort: 'medium',
    risk: 'low',
  };
}
