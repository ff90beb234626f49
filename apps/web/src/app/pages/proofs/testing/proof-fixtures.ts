import type { EntitlementsView, PlanView, ProofReport, ProofVerdict, ProofView } from '@apex/contracts';

export const PROOF_ID = '0b7c1d9e-1111-4a2b-8c3d-000000000001';
export const RECOMMENDATION_ID = '0b7c1d9e-2222-4a2b-8c3d-000000000002';

/**
 * A substitution measured over 2 reporting days against 2 baseline days: adjusted baseline 2 × 18.00, actual
 * 9.60 + 9.48, so savings 36.00 − 19.08 = 16.92, with ±2.10 at 68 % and ±3.46 at 90 %.
 */
export function report(verdict: ProofVerdict = 'verified'): ProofReport {
  return {
    proofId: PROOF_ID,
    recommendationId: RECOMMENDATION_ID,
    scope: { provider: 'openai', service: null, model: 'gpt-4o', resource: null },
    currency: 'USD',
    implementedOn: '2026-11-15',
    baseline: {
      from: '2026-11-13',
      to: '2026-11-14',
      calendarDays: 2,
      daysWithReadings: 2,
      coveragePercent: '100.00',
      sufficient: true,
      shortfall: null,
      total: '36.00',
      unitCosts: [{ model: 'gpt-4o', uncachedInputPer1k: '0.00225', cachedInputPer1k: '0.001125', outputPer1k: '0.009', perRequest: null }],
      listRates: { uncachedInputMtok: '2.5', cachedInputMtok: '1.25', outputMtok: '10', perRequest: null },
      effectiveRate: '0.9',
      boundary: { currency: 'USD', provider: 'openai', model: 'gpt-4o', models: ['gpt-4o', 'gpt-4o-mini'], service: null, resource: null, cachedAsUncached: false },
      daily: [
        { date: '2026-11-13', actual: '18.20', volumes: { uncachedInput: '4000000', cachedInput: '0', output: '1000000', requests: '2000' } },
        { date: '2026-11-14', actual: '17.80', volumes: { uncachedInput: '4000000', cachedInput: '0', output: '1000000', requests: '2000' } },
      ],
      priceBookVersion: 3,
      evidenceSha256: 'a'.repeat(64),
      rowCount: 2,
    },
    reporting: {
      from: '2026-11-15',
      to: '2026-11-16',
      days: 2,
      readings: [
        { date: '2026-11-15', actual: '9.60', routineBaseline: '18.00', nonRoutineAdjustment: '0.00', adjustedBaseline: '18.00', savings: '8.40' },
        { date: '2026-11-16', actual: '9.48', routineBaseline: '18.00', nonRoutineAdjustment: '0.00', adjustedBaseline: '18.00', savings: '8.52' },
      ],
      evidenceSha256: 'b'.repeat(64),
      rowCount: 4,
    },
    adjustments: { routineBaseline: '36.00', nonRoutine: '0.00', priceBookVersions: [3, 4] },
    actual: '19.08',
    adjustedBaseline: '36.00',
    savings: '16.92',
    savingsPercent: '47.00',
    uncertainty: { at68: '2.10', at90: '3.46', fractional68: '0.1241', fractional90: '0.2045', cvRmse: '0.011', autocorrelation: '-0.2' },
    verdict,
    method: 'IPMVP Option B: the measurement boundary is openai gpt-4o (with gpt-4o-mini, where the change moves its traffic), in USD. Savings = adjusted baseline − actual.',
    generatedAt: '2026-11-17T00:05:00.000Z',
  };
}

export function finishedProof(verdict: ProofVerdict = 'verified'): ProofView {
  return {
    id: PROOF_ID,
    recommendationId: RECOMMENDATION_ID,
    status: 'finished',
    implementedOn: '2026-11-15',
    reportingDays: 2,
    reportingEndsOn: '2026-11-16',
    verdict,
    currency: 'USD',
    savings: '16.92',
    interim: { days: 2, actual: '19.08', adjustedBaseline: '36.00', savings: '16.92' },
    signed: { report: report(verdict), sha256: 'c'.repeat(64), signature: 'c2lnbmF0dXJl', keyId: '0123456789abcdef' },
    createdAt: '2026-11-16T09:00:00.000Z',
    finishedAt: '2026-11-17T00:05:00.000Z',
  };
}

/** Measuring since 28 Nov, 14 days to 11 Dec; 5 days read so far. */
export function measuringProof(): ProofView {
  return {
    id: PROOF_ID,
    recommendationId: RECOMMENDATION_ID,
    status: 'measuring',
    implementedOn: '2026-11-28',
    reportingDays: 14,
    reportingEndsOn: '2026-12-11',
    verdict: null,
    currency: 'USD',
    savings: null,
    interim: { days: 5, actual: '47.70', adjustedBaseline: '90.00', savings: '42.30' },
    signed: null,
    createdAt: '2026-11-28T09:00:00.000Z',
    finishedAt: null,
  };
}

const pricing = { rule: 'flat_or_percent' as const, flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null };

export const PLANS: PlanView[] = [
  { tier: 'free', name: 'Free', rank: 0, runLimit: 10, windowSeconds: 18000, features: ['basic_chat', 'simple_optimization'], pricing: { ...pricing, rule: 'free', flatMonthlyCents: 0, percentOfSpend: null } },
  { tier: 'early', name: 'Early', rank: 1, runLimit: 100, windowSeconds: 18000, features: ['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access'], pricing },
];

export const entitlements = (tier: 'free' | 'early'): EntitlementsView => ({
  tier,
  runLimit: tier === 'free' ? 10 : 100,
  windowSeconds: 18000,
  features: PLANS.find((plan) => plan.tier === tier)!.features,
  flags: { payments_enabled: true, trial_enabled: true, usage_limits_enforced: true, cloud_billing_integration: false },
});
