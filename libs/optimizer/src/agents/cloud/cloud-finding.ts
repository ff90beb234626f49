import type { CostRowsFilter, RecommendationEvidence, RecommendationKind } from '@apex/contracts';
import { Decimal, monthly } from '@apex/domain';
import type { Finding } from '../../findings/finding';
import type { DayWindow } from '../agent-context';
import type { ServiceSpend } from './service-spend';

/** Savings over `days` days, as if the finding were the only one on its spend. */
export interface WindowSavings {
  low: Decimal;
  expected: Decimal;
  high: Decimal;
  days: number;
}

export interface CloudFindingSpec {
  kind: Extract<RecommendationKind, 'commitment_coverage' | 'unused_commitment' | 'idle_resource'>;
  spend: ServiceSpend;
  /** The resource an idle-resource finding is about; null for the service's findings. */
  resource: string | null;
  title: string;
  steps: string[];
  docUrl: string;
  savings: WindowSavings;
  scenarios: Array<{ sharePercent: number; saving: Decimal }>;
  assumptions: string[];
  effort: Finding['effort'];
  risk: Finding['risk'];
}

/** What every cloud finding of a run shares. */
export interface CloudRun {
  window: DayWindow;
  priceBookVersion: number;
}

/**
 * A cloud finding. Every finding of one service rests on the same spend, the service's Usage rows of the window as a
 * monthly figure, so that the reporting agent applies them in sequence (idle resources, then unused commitments,
 * then coverage) and no dollar of it counts twice.
 */
export function cloudFinding(run: CloudRun, spec: CloudFindingSpec, evidence: RecommendationEvidence): Finding {
  const perMonth = (amount: Decimal) => monthly(amount, spec.savings.days).round(2);
  const { spend } = spec;
  return {
    agent: 'cloud',
    kind: spec.kind,
    fingerprint: [spec.kind, spend.currency, spend.provider, spec.resource ?? spend.service ?? '(no service)'].join(':'),
    title: spec.title,
    steps: spec.steps,
    docUrl: spec.docUrl,
    scope: { provider: spend.provider, service: spend.service, model: null, resource: spec.resource },
    evidence,
    priceBookVersion: run.priceBookVersion,
    currency: spend.currency,
    baseMonthlySpend: monthly(spend.total.effectiveCost, run.window.days).round(2).toString(),
    monthlySavings: { low: perMonth(spec.savings.low).toString(), expected: perMonth(spec.savings.expected).toString(), high: perMonth(spec.savings.high).toString() },
    scenarios: spec.scenarios.map((s) => ({ sharePercent: s.sharePercent, monthlySavings: perMonth(s.saving).toString() })),
    assumptions: [
      ...spec.assumptions,
      `Monthly figures are the rows' amounts over ${spec.savings.days} days scaled to 30 days. They come from your own rows (their EffectiveCost and ListCost), not from price-book prices; price book version ${run.priceBookVersion} is the run's.`,
    ],
    effort: spec.effort,
    risk: spec.risk,
    caveat: null,
  };
}

/** The recent window's non-AI rows of a service, of one pricing class. */
export const serviceFilter = (spend: ServiceSpend, window: DayWindow, pricing: CostRowsFilter['pricing']): CostRowsFilter => ({
  from: window.from,
  to: window.to,
  scope: 'other',
  currency: spend.currency,
  provider: spend.provider,
  service: spend.service,
  chargeCategory: 'Usage',
  pricing,
});

/** A share as a whole percent, for scenarios. */
export const wholePercent = (part: Decimal, whole: Decimal): number => (whole.isPositive() ? part.times(100).dividedBy(whole, 0).toNumber() : 0);

/** "Compute" for a service, "services without a name" for rows that name none. */
export const serviceName = (service: string | null) => service ?? 'rows that name no service';

type Provider = 'aws' | 'azure' | 'google' | 'other';

function providerOf(name: string): Provider {
  if (/\b(aws|amazon)\b/i.test(name)) return 'aws';
  if (/azure|microsoft/i.test(name)) return 'azure';
  if (/google|gcp/i.test(name)) return 'google';
  return 'other';
}

/** The provider's documentation for each kind of cloud finding; the FinOps Foundation's where the provider is another. */
export function cloudDocUrl(provider: string, kind: CloudFindingSpec['kind']): string {
  const docs: Record<Provider, Record<CloudFindingSpec['kind'], string>> = {
    aws: {
      commitment_coverage: 'https://docs.aws.amazon.com/savingsplans/latest/userguide/what-is-savings-plans.html',
      unused_commitment: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ri-market-general.html',
      idle_resource: 'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-idle-recommendations.html',
    },
    azure: {
      commitment_coverage: 'https://learn.microsoft.com/azure/cost-management-billing/savings-plan/savings-plan-compute-overview',
      unused_commitment: 'https://learn.microsoft.com/azure/cost-management-billing/reservations/exchange-and-refund-azure-reservations',
      idle_resource: 'https://learn.microsoft.com/azure/advisor/advisor-cost-recommendations',
    },
    google: {
      commitment_coverage: 'https://cloud.google.com/docs/cuds',
      unused_commitment: 'https://cloud.google.com/docs/cuds-attribute',
      idle_resource: 'https://cloud.google.com/compute/docs/instances/viewing-and-applying-idle-vm-recommendations',
    },
    other: {
      commitment_coverage: 'https://www.finops.org/framework/capabilities/rate-optimization/',
      unused_commitment: 'https://www.finops.org/framework/capabilities/rate-optimization/',
      idle_resource: 'https://www.finops.org/framework/capabilities/workload-optimization/',
    },
  };
  return docs[providerOf(provider)][kind];
}
